package io.clipj.bench.plot;

import java.awt.Color;

/**
 * matplotlib's colour maps: {@code viridis} for continuous values (perceptually uniform, readable in grey)
 * and {@code tab10}/{@code tab20} for categories.
 *
 * <p>Stateless and thread-safe.
 */
public final class Palette {

    // viridis sampled at 0, 1/8, ..., 1 (matplotlib's _viridis_data); linear in between is visually exact enough
    private static final int[] VIRIDIS = {
        0x440154, 0x482878, 0x3e4989, 0x31688e, 0x26828e, 0x1f9e89, 0x35b779, 0x6ece58, 0xfde725,
    };

    private static final int[] TAB20 = {
        0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22, 0x17becf,
        0xaec7e8, 0xffbb78, 0x98df8a, 0xff9896, 0xc5b0d5, 0xc49c94, 0xf7b6d2, 0xc7c7c7, 0xdbdb8d, 0x9edae5,
    };

    private Palette() {
    }

    /** viridis at {@code t} in [0, 1] (clamped; NaN maps to grey). */
    public static Color viridis(double t) {
        if (Double.isNaN(t)) {
            return Color.GRAY;
        }
        double x = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
        int i = Math.min((int) x, VIRIDIS.length - 2);
        double f = x - i;
        return mix(new Color(VIRIDIS[i]), new Color(VIRIDIS[i + 1]), f);
    }

    /** A categorical colour: tab10 for the first ten categories, then the light half of tab20, then cycling. */
    public static Color category(int index) {
        // TAB20 lists tab10's colours first, then their light variants
        return new Color(TAB20[Math.floorMod(index, TAB20.length)]);
    }

    /** Black or white, whichever reads better on {@code background}. */
    public static Color textOn(Color background) {
        double luma = 0.299 * background.getRed() + 0.587 * background.getGreen() + 0.114 * background.getBlue();
        return luma > 140 ? Color.BLACK : Color.WHITE;
    }

    private static Color mix(Color a, Color b, double f) {
        return new Color((int) Math.round(a.getRed() + f * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue())));
    }
}
