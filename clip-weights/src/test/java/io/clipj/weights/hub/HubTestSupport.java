package io.clipj.weights.hub;

import io.clipj.testing.SharedAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Shared fixtures: the golden tiny model served as a Hub repo, and options pointing at a fake Hub. */
final class HubTestSupport {

    static final String REPO = "openai/clip-tiny";
    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
    static final List<String> SMALL = List.of("config.json", "preprocessor_config.json", "tokenizer_config.json",
            "special_tokens_map.json", "vocab.json", "merges.txt");
    static final List<String> LFS = List.of("model.safetensors", "pytorch_model.bin", "model.fp16.safetensors");

    private HubTestSupport() {
    }

    static Path tiny(String file) {
        return SharedAssets.tinyModel().resolve(file);
    }

    /** The tiny model as a Hub repo: small files as regular git files, weights as LFS (read in place). */
    static FakeHub.Repo addTinyRepo(FakeHub hub, String repoId, String commit, List<String> weights) {
        FakeHub.Repo repo = hub.repo(repoId, commit);
        for (String f : SMALL) {
            repo.file(f, tiny(f));
        }
        for (String w : weights) {
            repo.lfsFile(w, tiny(w));
        }
        return repo;
    }

    static HubOptions.Builder options(String endpoint, Path cache) {
        return HubOptions.builder(Map.of(), cache.resolve("home"))
                .endpoint(endpoint)
                .cacheDir(cache)
                .progress(false)
                .connectTimeout(Duration.ofSeconds(5))
                .requestTimeout(Duration.ofSeconds(20));
    }

    /** Every path below {@code root}, relative, sorted, directories marked with a trailing slash. */
    static List<String> tree(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.filter(p -> !p.equals(root)).sorted().forEach(p -> out.add(root.relativize(p)
                    + (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? "/" : "")));
        }
        return out;
    }
}
