package io.clipj.weights;

import io.clipj.weights.internal.ShardedCheckpoint;
import static org.assertj.core.api.Assertions.assertThat;

import io.clipj.testing.SharedAssets;
import io.clipj.weights.internal.torch.TorchCheckpoint;
import io.clipj.weights.fixtures.TensorToWrite;
import io.clipj.weights.fixtures.TorchZipWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentAndShardedTest {

    @TempDir
    Path tmp;

    /** Readers are documented thread-safe: four threads reading every tensor see the single-threaded values. */
    @Test
    void concurrentReadsAgree() throws Exception {
        for (String file : new String[] {"model.safetensors", "pytorch_model.bin"}) {
            try (Checkpoint c = Checkpoints.open(SharedAssets.tinyModel().resolve(file))) {
                Map<String, float[]> expected = new LinkedHashMap<>();
                for (TensorInfo info : c.tensors().values()) {
                    if (info.dtype().isFloatingPoint()) {
                        expected.put(info.name(), c.readFloats(info.name()));
                    }
                }
                ExecutorService pool = Executors.newFixedThreadPool(4);
                try {
                    List<Future<List<String>>> results = new ArrayList<>();
                    for (int t = 0; t < 4; t++) {
                        boolean direct = t % 2 == 0;
                        results.add(pool.submit(() -> {
                            List<String> bad = new ArrayList<>();
                            for (int rep = 0; rep < 3; rep++) {
                                for (Map.Entry<String, float[]> e : expected.entrySet()) {
                                    float[] got = new float[e.getValue().length];
                                    if (direct) {
                                        FloatBuffer b = ByteBuffer.allocateDirect(got.length * 4)
                                                .order(ByteOrder.nativeOrder()).asFloatBuffer();
                                        c.readFloats(e.getKey(), b);
                                        b.flip().get(got);
                                    } else {
                                        got = c.readFloats(e.getKey());
                                    }
                                    if (!Arrays.equals(got, e.getValue())) {
                                        bad.add(e.getKey());
                                    }
                                }
                            }
                            return bad;
                        }));
                    }
                    for (Future<List<String>> f : results) {
                        assertThat(f.get()).as(file).isEmpty();
                    }
                } finally {
                    pool.shutdown();
                }
            }
        }
    }

    @Test
    void opensAShardedTorchCheckpoint() throws IOException {
        TorchZipWriter.write(tmp.resolve("pytorch_model-00001-of-00002.bin"),
                List.of(TensorToWrite.of("a", DType.F32, new long[] {2}, new float[] {1, 2})));
        TorchZipWriter.write(tmp.resolve("pytorch_model-00002-of-00002.bin"),
                List.of(TensorToWrite.of("b", DType.F16, new long[] {1, 1}, new float[] {0.5f})));
        Files.writeString(tmp.resolve("pytorch_model.bin.index.json"), "{\"metadata\":{},\"weight_map\":{"
                + "\"a\":\"pytorch_model-00001-of-00002.bin\",\"b\":\"pytorch_model-00002-of-00002.bin\"}}");
        try (Checkpoint c = Checkpoints.open(tmp)) {
            assertThat(c).isInstanceOf(ShardedCheckpoint.class);
            assertThat(((ShardedCheckpoint) c).shards()).allMatch(s -> s instanceof TorchCheckpoint);
            assertThat(c.readFloats("a")).containsExactly(1, 2);
            assertThat(c.info("b").dtype()).isEqualTo(DType.F16);
            assertThat(c.readFloats("b")).containsExactly(0.5f);
        }
    }
}
