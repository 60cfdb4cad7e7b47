package io.clipj.jmh;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How fast does the matrix multiply under SameDiff run here, next to numpy on the same machine? The product is
 * the ViT-B/32 image tower's {@code fc1}, {@code [rows, 768]·[768, 3072]} float32: {@code rows = 1600} is batch 32
 * (7.55 GFLOP, GFLOP/s = ops/s × 7.55), {@code rows = 50} is one image (0.236 GFLOP, GFLOP/s = ops/s × 0.236), the
 * shape that bounds batch-1 speed. {@code sameDiffMmul} runs it through a one-op graph as the model does (weight
 * as a graph constant; the transposed read of an HF {@code [out, in]} weight in {@code sameDiffMmulTransposed}),
 * {@code indArrayMmul} through {@code INDArray.mmul}.
 *
 * <p>Compare with {@code python3 clip-bench/scripts/numpy_gemm.py [rows]} run right before or after (figures on a
 * shared machine move by ±30%; only same-minute numbers compare). Run:
 * {@code java -jar clip-jmh/target/benchmarks.jar GemmBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 3, time = 5)
@Threads(1)
public class GemmBenchmark {

    static final int K = 768;
    static final int N = 3072;

    /** Rows of the left operand: 1600 = 32 images × 50 tokens, 50 = one image. */
    @Param({"1600", "50"})
    public int rows;

    private INDArray x;
    private INDArray w;
    private SameDiff sd;
    private SameDiff sdTransposed;

    @Setup(Level.Trial)
    public void build() {
        Nd4j.getRandom().setSeed(7);
        x = Nd4j.rand(DataType.FLOAT, rows, K);
        w = Nd4j.rand(DataType.FLOAT, K, N);
        sd = SameDiff.create();
        SDVariable in = sd.placeHolder("x", DataType.FLOAT, -1, K);
        sd.mmul(in, sd.constant("w", w)).rename("y"); // [rows, N]
        sdTransposed = SameDiff.create();
        SDVariable inT = sdTransposed.placeHolder("x", DataType.FLOAT, -1, K);
        SDVariable wT = sdTransposed.constant("w", w.transpose().dup()); // [N, K], as HF stores Linear weights
        sdTransposed.mmul(inT, wT, false, true, false).rename("y"); // [rows, N]
    }

    @Benchmark
    public INDArray sameDiffMmul() {
        return sd.output(Map.of("x", x), "y").get("y");
    }

    @Benchmark
    public INDArray sameDiffMmulTransposed() {
        return sdTransposed.output(Map.of("x", x), "y").get("y");
    }

    @Benchmark
    public INDArray indArrayMmul() {
        return x.mmul(w);
    }
}
