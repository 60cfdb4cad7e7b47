package io.clipj.jmh;

import io.clipj.weights.Checkpoint;
import io.clipj.weights.Checkpoints;
import io.clipj.weights.TensorInfo;
import io.clipj.weights.config.ClipConfigs;
import io.clipj.weights.fixtures.RandomCheckpoint;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * How long does opening a full-size ViT-B/32 checkpoint (151,277,313 float32 parameters, 605 MB) and
 * reading every tensor take, from {@code model.safetensors} versus {@code pytorch_model.bin}, into fresh
 * heap {@code float[]}s versus preallocated direct (off-heap) buffers, as a SameDiff graph would receive
 * them? The heap is capped at 900 MB, so a run that completes also shows that loading needs less than
 * 1 GB of heap; add {@code -prof gc} for allocation rates.
 *
 * <p>The checkpoint is written once per trial by {@link RandomCheckpoint} into a temporary directory (the
 * file is then in the page cache, as on any second load). Run:
 * {@code java -jar clip-jmh/target/benchmarks.jar CheckpointLoadBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx900m", "-XX:MaxDirectMemorySize=1g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class CheckpointLoadBenchmark {

    /** Which weight file the model directory holds. */
    @Param({"SAFETENSORS", "BIN"})
    public RandomCheckpoint.Format format;

    /** {@code heap}: a new float[] per tensor; {@code direct}: into preallocated off-heap buffers. */
    @Param({"heap", "direct"})
    public String target;

    private Path dir;
    private List<FloatBuffer> buffers;

    @Setup(Level.Trial)
    public void writeCheckpoint() throws IOException {
        dir = Files.createTempDirectory("clipj-load-bench");
        RandomCheckpoint.write(dir, ClipConfigs.vitB32(), 42, format, null);
        buffers = new ArrayList<>();
        if (target.equals("direct")) {
            try (Checkpoint c = Checkpoints.open(dir)) {
                for (TensorInfo info : c.tensors().values()) {
                    buffers.add(ByteBuffer.allocateDirect(Math.toIntExact(info.elementCount() * 4))
                            .order(ByteOrder.nativeOrder()).asFloatBuffer());
                }
            }
        }
    }

    @Benchmark
    public void loadEveryTensor(Blackhole bh) throws IOException {
        try (Checkpoint c = Checkpoints.open(dir)) {
            int i = 0;
            for (TensorInfo info : c.tensors().values()) {
                if (target.equals("direct")) {
                    FloatBuffer b = buffers.get(i++);
                    b.clear();
                    c.readFloats(info.name(), b);
                    bh.consume(b.get(0));
                } else {
                    bh.consume(c.readFloats(info.name()));
                }
            }
        }
    }

    @TearDown(Level.Trial)
    public void deleteCheckpoint() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
