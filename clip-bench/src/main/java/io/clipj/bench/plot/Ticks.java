package io.clipj.bench.plot;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Round axis ticks (multiples of 1, 2 or 5 × 10^k, as matplotlib's default locator picks) and number labels that
 * never read {@code -0.00}.
 *
 * <p>Stateless and thread-safe.
 */
public final class Ticks {

    private Ticks() {
    }

    /** The step between about {@code target} round ticks spanning {@code [min, max]}. */
    public static double step(double min, double max, int target) {
        double span = max - min;
        if (!(span > 0)) {
            return Math.max(Math.abs(max), 1) / 10;
        }
        double raw = span / Math.max(1, target);
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * power >= raw) {
                return m * power;
            }
        }
        return 10 * power;
    }

    /** The multiples of {@code step} inside {@code [min, max]}, smallest first. */
    public static List<Double> inside(double min, double max, double step) {
        List<Double> ticks = new ArrayList<>();
        for (long k = (long) Math.ceil(min / step - 1e-9); k * step <= max + step * 1e-9; k++) {
            ticks.add(k * step);
        }
        return ticks;
    }

    /** Decimals needed to print multiples of {@code step} exactly (0.05 → 2, 0.2 → 1, 5 → 0). */
    public static int decimals(double step) {
        return Math.max(0, new BigDecimal(Double.toString(step)).stripTrailingZeros().scale());
    }

    /** {@code v} with {@code decimals} places; a value that rounds to zero prints without a minus sign. */
    public static String format(double v, int decimals) {
        String s = String.format(Locale.ROOT, "%." + decimals + "f", v);
        return s.startsWith("-") && s.chars().noneMatch(c -> c >= '1' && c <= '9') ? s.substring(1) : s;
    }
}
