package io.clipj.index.internal;

import io.clipj.Clip;
import io.clipj.Embeddings;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which model an index was built with, recorded in every commit's user data: the name it was opened with (a
 * model directory or Hub id, the default for later searches) and a fingerprint, the normalised embedding of a
 * fixed text. Two models are the same when their fingerprints agree (cosine above 0.999), whatever their names
 * or paths; a different model's vectors would be meaningless in this index.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name        model directory or Hub id
 * @param fingerprint unit vector {@code [projection_dim]}
 */
public record ModelIdentity(String name, float[] fingerprint) {

    static final String NAME = "clipj.model";
    static final String FINGERPRINT = "clipj.fingerprint";
    private static final String PROBE = "a photo of a cat on a red sofa";

    /** The identity of {@code clip}, named {@code name}. */
    public static ModelIdentity of(Clip clip, String name) throws IOException {
        return new ModelIdentity(name, Embeddings.normalize(clip.embedTexts(List.of(PROBE))[0]));
    }

    /** The identity recorded in commit user data, or null if there is none. */
    public static ModelIdentity fromUserData(Map<String, String> data) {
        String name = data.get(NAME);
        String fp = data.get(FINGERPRINT);
        if (name == null || fp == null) {
            return null;
        }
        String[] parts = fp.split(",");
        float[] v = new float[parts.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = Float.parseFloat(parts[i]);
        }
        return new ModelIdentity(name, v);
    }

    /** Commit user data recording this identity. */
    public Map<String, String> userData() {
        StringBuilder fp = new StringBuilder();
        for (float f : fingerprint) {
            fp.append(fp.length() == 0 ? "" : ",").append(f);
        }
        Map<String, String> data = new HashMap<>();
        data.put(NAME, name);
        data.put(FINGERPRINT, fp.toString());
        return data;
    }

    /** Whether {@code other} is the same model (same width, fingerprints within float noise). */
    public boolean sameModel(ModelIdentity other) {
        return fingerprint.length == other.fingerprint.length && Embeddings.dot(fingerprint, other.fingerprint) > 0.999;
    }
}
