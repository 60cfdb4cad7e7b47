package io.clipj.ortbench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import io.clipj.weights.npy.Npy;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Steady-state throughput of one CLIP tower under ONNX Runtime, measured the way clipj's {@code bench} command
 * measures its own (two calls, warm-up for a fifth of the time, then calls of one batch timed for {@code S}
 * seconds). The last stdout line is {@code onnxruntime image batch=N: X img/s} or
 * {@code onnxruntime text batch=N: X txt/s}.
 *
 * <pre>
 * java -jar ort-bench.jar --model DIR --tower image|text [--batch 32] [--seconds 20] [--threads 2]
 * java -jar ort-bench.jar --model DIR --tower image|text --inputs X.npy [--expect Y.npy]
 * </pre>
 *
 * <p>{@code DIR} holds {@code image.onnx} and {@code text.onnx} written by {@code export_onnx.py}. ORT options: intra-op
 * threads 2 (as clipj runs on the 2 cores here), inter-op 1, graph optimisation {@code ALL_OPT}, sequential
 * execution. Bench inputs are seeded random: pixels uniform in [-2, 2), texts start token, 75 random word ids,
 * end token (77 tokens, what OpenAI's code always runs). With {@code --inputs} the tower embeds the given array
 * ({@code [N,3,S,S]} float32 or {@code [N,77]} int64/int32) instead, prints the embeddings and, with
 * {@code --expect}, the largest absolute difference from the expected {@code [N,P]} float32 array.
 *
 * <p>A command-line program; not for use from several threads.
 */
public final class OrtBench {

    private static final int CONTEXT = 77;
    private static final int START = 49406;
    private static final int END = 49407;

    private String modelDir;
    private String tower;
    private int batch = 32;
    private double seconds = 20;
    private int threads = 2;
    private String inputs;
    private String expect;

    private OrtBench() {
    }

    public static void main(String[] args) {
        try {
            OrtBench bench = new OrtBench();
            bench.parse(args);
            System.exit(bench.run());
        } catch (IllegalArgumentException e) {
            System.err.println("ort-bench: " + e.getMessage());
            System.exit(2);
        } catch (IOException | OrtException e) {
            System.err.println("ort-bench: " + e.getMessage());
            System.exit(1);
        }
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("-h") || flag.equals("--help")) {
                throw new IllegalArgumentException("usage: --model DIR --tower image|text [--batch N] [--seconds S]"
                        + " [--threads T] [--inputs X.npy [--expect Y.npy]]");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            String value = args[++i];
            try {
                switch (flag) {
                    case "--model" -> modelDir = value;
                    case "--tower" -> tower = value;
                    case "--batch" -> batch = Integer.parseInt(value);
                    case "--seconds" -> seconds = Double.parseDouble(value);
                    case "--threads" -> threads = Integer.parseInt(value);
                    case "--inputs" -> inputs = value;
                    case "--expect" -> expect = value;
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + ": not a number: " + value, e);
            }
        }
        if (modelDir == null || tower == null) {
            throw new IllegalArgumentException("--model and --tower are required");
        }
        if (!tower.equals("image") && !tower.equals("text")) {
            throw new IllegalArgumentException("--tower must be image or text, got " + tower);
        }
        if (batch < 1 || !(seconds > 0) || threads < 1) {
            throw new IllegalArgumentException("--batch and --threads must be at least 1 and --seconds positive");
        }
        if (expect != null && inputs == null) {
            throw new IllegalArgumentException("--expect needs --inputs");
        }
    }

    private int run() throws IOException, OrtException {
        Path file = Path.of(modelDir, tower + ".onnx");
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "ONNX model not found (run export_onnx.py)");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (SessionOptions options = new SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(SessionOptions.OptLevel.ALL_OPT);
            options.setExecutionMode(SessionOptions.ExecutionMode.SEQUENTIAL);
            long start = System.nanoTime();
            try (OrtSession model = env.createSession(file.toString(), options)) {
                System.err.printf("ort-bench: ONNX Runtime %s, %s loaded in %.2f s, intra-op threads %d%n",
                        env.getVersion(), file, (System.nanoTime() - start) / 1e9, threads);
                String input = model.getInputNames().iterator().next();
                return inputs != null ? embed(env, model, input) : bench(env, model, input);
            }
        }
    }

    private int bench(OrtEnvironment env, OrtSession model, String input) throws OrtException {
        try (OnnxTensor tensor = tower.equals("image") ? randomPixels(env, imageSize(model)) : randomTexts(env)) {
            Map<String, OnnxTensor> feed = Map.of(input, tensor);
            long start = System.nanoTime();
            call(model, feed);
            System.err.printf("ort-bench: first call %.2f s%n", (System.nanoTime() - start) / 1e9);
            call(model, feed);
            time(model, feed, seconds / 5);
            double perSecond = time(model, feed, seconds) * batch;
            System.out.printf("onnxruntime %s batch=%d: %.2f %s%n", tower, batch, perSecond,
                    tower.equals("image") ? "img/s" : "txt/s");
        }
        return 0;
    }

    /** Calls per second over at least {@code s} seconds (and at least one call), as clipj's bench counts. */
    private static double time(OrtSession model, Map<String, OnnxTensor> feed, double s) throws OrtException {
        long start = System.nanoTime();
        long deadline = start + (long) (s * 1e9);
        long calls = 0;
        long now;
        do {
            call(model, feed);
            calls++;
            now = System.nanoTime();
        } while (now < deadline);
        return calls / ((now - start) / 1e9);
    }

    private static void call(OrtSession model, Map<String, OnnxTensor> feed) throws OrtException {
        try (OrtSession.Result result = model.run(feed)) {
            // Touch the output so that the call is not optimised into nothing (it cannot be, but be explicit).
            if (((OnnxTensor) result.get(0)).getFloatBuffer().capacity() == 0) {
                throw new IllegalStateException("empty output");
            }
        }
    }

    private static int imageSize(OrtSession model) throws OrtException {
        long[] shape = ((ai.onnxruntime.TensorInfo) model.getInputInfo().values().iterator().next().getInfo())
                .getShape();  // [batch, 3, S, S]
        return (int) shape[3];
    }

    private OnnxTensor randomPixels(OrtEnvironment env, int size) throws OrtException {
        SplittableRandom random = new SplittableRandom(7);
        float[] values = new float[batch * 3 * size * size];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * 4 - 2);
        }
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(values), new long[] {batch, 3, size, size});
    }

    private OnnxTensor randomTexts(OrtEnvironment env) throws OrtException {
        SplittableRandom random = new SplittableRandom(7);
        long[] ids = new long[batch * CONTEXT];
        for (int b = 0; b < batch; b++) {
            ids[b * CONTEXT] = START;
            for (int t = 1; t < CONTEXT - 1; t++) {
                ids[b * CONTEXT + t] = random.nextInt(1, START);
            }
            ids[b * CONTEXT + CONTEXT - 1] = END;
        }
        return OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[] {batch, CONTEXT});
    }

    private int embed(OrtEnvironment env, OrtSession model, String input) throws IOException, OrtException {
        Npy.Array in = Npy.read(Path.of(inputs)); // read as float32: token ids (< 2^24) stay exact
        boolean image = tower.equals("image");
        if (in.shape().length != (image ? 4 : 2)) {
            throw new IllegalArgumentException(inputs + ": expected " + (image ? "[N,3,S,S] float32" : "[N,77] int64")
                    + ", got shape " + Arrays.toString(in.shape()));
        }
        long[] inShape = Arrays.stream(in.shape()).asLongStream().toArray();
        float[] out;
        long[] outShape;
        try (OnnxTensor tensor = image
                ? OnnxTensor.createTensor(env, FloatBuffer.wrap(in.data()), inShape)
                : OnnxTensor.createTensor(env, LongBuffer.wrap(ids(in.data())), inShape);
             OrtSession.Result result = model.run(Map.of(input, tensor))) {
            OnnxTensor embeds = (OnnxTensor) result.get(0);
            outShape = embeds.getInfo().getShape();
            FloatBuffer fb = embeds.getFloatBuffer();
            out = new float[fb.remaining()];
            fb.get(out);
        }
        int width = (int) outShape[1];
        for (int r = 0; r < outShape[0]; r++) {
            System.out.println(Arrays.toString(Arrays.copyOfRange(out, r * width, (r + 1) * width)));
        }
        if (expect == null) {
            return 0;
        }
        Npy.Array want = Npy.read(Path.of(expect));
        if (!Arrays.equals(Arrays.stream(want.shape()).asLongStream().toArray(), outShape)) {
            throw new IllegalArgumentException(expect + ": expected float32 of shape " + Arrays.toString(outShape)
                    + ", got " + Arrays.toString(want.shape()));
        }
        double max = 0;
        for (int i = 0; i < out.length; i++) {
            max = Math.max(max, Math.abs(out[i] - want.data()[i]));
        }
        System.out.printf("onnxruntime %s embeddings max abs diff vs %s: %.3e%n", tower, expect, max);
        return max <= 1e-4 ? 0 : 1;
    }

    /** Token ids read as float32 back to int64. */
    private static long[] ids(float[] values) {
        long[] ids = new long[values.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = (long) values[i];
        }
        return ids;
    }
}
