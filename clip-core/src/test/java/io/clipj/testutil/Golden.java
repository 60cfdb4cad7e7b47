package io.clipj.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.clipj.testing.SharedAssets;
import io.clipj.weights.npy.Npy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The golden tiny model's reference inputs and outputs (shared/golden/README.md), read in place. */
public final class Golden {

    private Golden() {
    }

    public static Path tinyDir() {
        return SharedAssets.tinyModel();
    }

    public static Npy.Array npy(String name) {
        try {
            return Npy.read(tinyDir().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code pixel_values.npy} as one CHW array per image. */
    public static float[][] pixelValues() {
        return rows(npy("pixel_values.npy"));
    }

    /** An .npy array split into rows along its first axis. */
    public static float[][] rows(Npy.Array a) {
        int n = a.shape()[0];
        int per = a.size() / n;
        float[][] out = new float[n][per];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a.data(), i * per, out[i], 0, per);
        }
        return out;
    }

    private static JsonNode inputs() {
        try {
            return new ObjectMapper().readTree(tinyDir().resolve("inputs.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The golden token ids, unpadded, start and end tokens included. */
    public static List<int[]> inputIds() {
        List<int[]> out = new ArrayList<>();
        for (JsonNode seq : inputs().get("input_ids")) {
            int[] ids = new int[seq.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = seq.get(i).intValue();
            }
            out.add(ids);
        }
        return out;
    }

    public static List<String> texts() {
        List<String> out = new ArrayList<>();
        inputs().get("texts").forEach(t -> out.add(t.textValue()));
        return out;
    }

    /** Image file names in row order of pixel_values.npy. */
    public static List<String> imageNames() {
        List<String> out = new ArrayList<>();
        inputs().get("images").forEach(t -> out.add(t.textValue()));
        return out;
    }
}
