package io.clipj.bench.cli;

import io.clipj.data.Sample;
import io.clipj.data.SampleReader;
import io.clipj.data.WdsDataset;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Input checks and readers shared by the commands; every failure names the option and the input.
 *
 * <p>Stateless and thread-safe.
 */
final class Inputs {

    private Inputs() {
    }

    /**
     * Fails unless {@code file} is an existing regular file: a directory, a device ({@code /dev/zero}) or a FIFO
     * is named as such (reading a FIFO would block, a device never ends), a missing file as missing.
     */
    static Path requireFile(String option, Path file) throws FileSystemException {
        if (!Files.isRegularFile(file)) {
            if (!Files.exists(file)) {
                throw new NoSuchFileException(file.toString(), null, option + ": file not found");
            }
            throw new FileSystemException(file.toString(), null, option + ": " + (Files.isDirectory(file)
                    ? "is a directory, expected a file" : "not a regular file (a device, FIFO or socket)"));
        }
        return file;
    }

    /** Fails unless {@code dir} is an existing directory. */
    static Path requireDirectory(String option, Path dir) throws NoSuchFileException {
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, option + ": directory not found");
        }
        return dir;
    }

    /** Opens a {@code wds_imagenetv2}-layout dataset, naming {@code --dataset} on failure. */
    static WdsDataset openDataset(Path dir, String split, io.clipj.data.WdsOptions options)
            throws NoSuchFileException {
        requireDirectory("--dataset", dir);
        return WdsDataset.open(dir, split, options);
    }

    /**
     * {@code k} samples drawn uniformly at random with {@code seed} (reservoir sampling: one pass, at most
     * {@code k} images in memory), returned in dataset order.
     */
    static List<Sample> randomSamples(WdsDataset dataset, int k, long seed) {
        Random random = new Random(seed);
        List<Sample> reservoir = new ArrayList<>(k);
        List<Long> positions = new ArrayList<>(k);
        long seen = 0;
        try (SampleReader reader = dataset.reader()) {
            while (reader.hasNext()) {
                Sample s = reader.next();
                if (reservoir.size() < k) {
                    reservoir.add(s);
                    positions.add(seen);
                } else {
                    long j = (long) (random.nextDouble() * (seen + 1));
                    if (j < k) {
                        reservoir.set((int) j, s);
                        positions.set((int) j, seen);
                    }
                }
                seen++;
            }
        }
        if (reservoir.isEmpty()) {
            throw new IllegalArgumentException("--dataset " + dataset.root() + ": split " + dataset.split()
                    + " has no samples");
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < reservoir.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong(positions::get));
        List<Sample> out = new ArrayList<>(reservoir.size());
        for (int i : order) {
            out.add(reservoir.get(i));
        }
        return out;
    }
}
