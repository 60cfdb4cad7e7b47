package io.clipj.image;

/**
 * PIL's resampling filters (Pillow {@code libImaging/Resample.c}), by their {@code Image.Resampling} ids. Each
 * is a kernel with a support radius in source pixels at scale 1; {@code PilResampler} widens the support by
 * the reduction factor when shrinking, as Pillow does. {@code NEAREST} (id 0) is not a convolution in Pillow
 * and is not offered.
 *
 * <p>Immutable and thread-safe.
 */
public enum PilFilter {
    /** id 1: windowed sinc, a = 3. */
    LANCZOS(1, 3.0),
    /** id 2: triangle. */
    BILINEAR(2, 1.0),
    /** id 3: Keys cubic with a = -0.5 (PIL's choice, not -0.75). */
    BICUBIC(3, 2.0),
    /** id 4: box. */
    BOX(4, 0.5),
    /** id 5: Hamming-windowed sinc. */
    HAMMING(5, 1.0);

    private static final double BICUBIC_A = -0.5;

    private final int pilId;
    private final double support;

    PilFilter(int pilId, double support) {
        this.pilId = pilId;
        this.support = support;
    }

    /** PIL's numeric id ({@code preprocessor_config.json}'s {@code resample}). */
    public int pilId() {
        return pilId;
    }

    /** Kernel radius at scale 1. */
    public double support() {
        return support;
    }

    /** The filter for a PIL id; the message names the id when it is not supported. */
    public static PilFilter fromPilId(int id) {
        for (PilFilter f : values()) {
            if (f.pilId == id) {
                return f;
            }
        }
        throw new IllegalArgumentException("resample " + id + " is not supported (" + (id == 0 ? "NEAREST is not"
                + " implemented" : "unknown PIL filter") + "; use 1 lanczos, 2 bilinear, 3 bicubic, 4 box or 5 hamming)");
    }

    /** The kernel's weight at distance {@code x}, with Pillow's exact branch structure. */
    public double weight(double x) {
        switch (this) {
            case BOX:
                return x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
            case BILINEAR:
                x = Math.abs(x);
                return x < 1.0 ? 1.0 - x : 0.0;
            case HAMMING:
                x = Math.abs(x);
                if (x == 0.0) {
                    return 1.0;
                }
                if (x >= 1.0) {
                    return 0.0;
                }
                x = x * Math.PI;
                return Math.sin(x) / x * (0.54 + 0.46 * Math.cos(x));
            case BICUBIC:
                x = Math.abs(x);
                if (x < 1.0) {
                    return ((BICUBIC_A + 2.0) * x - (BICUBIC_A + 3.0)) * x * x + 1;
                }
                if (x < 2.0) {
                    return (((x - 5) * x + 8) * x - 4) * BICUBIC_A;
                }
                return 0.0;
            case LANCZOS:
                return -3.0 <= x && x < 3.0 ? sinc(x) * sinc(x / 3) : 0.0;
            default:
                throw new AssertionError(this);
        }
    }

    private static double sinc(double x) {
        if (x == 0.0) {
            return 1.0;
        }
        x = x * Math.PI;
        return Math.sin(x) / x;
    }
}
