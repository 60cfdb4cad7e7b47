package io.clipj.weights.hub;

import static io.clipj.weights.hub.HubTestSupport.COMMIT;
import static io.clipj.weights.hub.HubTestSupport.LFS;
import static io.clipj.weights.hub.HubTestSupport.REPO;
import static io.clipj.weights.hub.HubTestSupport.addTinyRepo;
import static io.clipj.weights.hub.HubTestSupport.options;
import static io.clipj.weights.hub.HubTestSupport.tiny;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every failure a user can cause says what happened and what to do. */
class HubResolverErrorTest {

    @TempDir
    Path cache;

    private static void expect(SoftAssertions soft, String what, HubException e, HubException.Reason reason,
            String... fragments) {
        soft.assertThat(e).as(what + ": throws HubException").isNotNull();
        if (e != null) {
            soft.assertThat(e.reason()).as(what + ": reason of '%s'", e.getMessage()).isEqualTo(reason);
            soft.assertThat(e.getMessage()).as(what + ": message").contains(fragments);
        }
    }

    private static HubException fail(HubResolver resolver, String id) {
        return catchThrowableOfType(HubException.class, () -> resolver.resolve(id));
    }

    @Test
    void hubErrorsNameTheProblemAndTheRemedy() throws IOException {
        try (FakeHub hub = new FakeHub()) {
            addTinyRepo(hub, REPO, COMMIT, LFS);
            FakeHub.Repo noMerges = hub.repo("org/no-merges", "1111111111111111111111111111111111111111");
            noMerges.file("config.json", tiny("config.json")).file("vocab.json", tiny("vocab.json"));
            FakeHub.Repo flax = addTinyRepo(hub, "org/flax-only", "2222222222222222222222222222222222222222",
                    List.of());
            flax.lfsFile("flax_model.msgpack", tiny("model.safetensors"))
                    .lfsFile("tf_model.h5", tiny("model.safetensors"));
            FakeHub.Repo secret = addTinyRepo(hub, "org/private", "3333333333333333333333333333333333333333", LFS);
            secret.requiredToken = "hf_right";
            FakeHub.Repo gated = addTinyRepo(hub, "org/gated", "4444444444444444444444444444444444444444", LFS);
            gated.requiredToken = "hf_right";
            gated.gated = true;

            HubResolver anonymous = new HubResolver(options(hub.endpoint(), cache).build());
            SoftAssertions soft = new SoftAssertions();
            expect(soft, "unknown repo", fail(anonymous, "org/nope"), HubException.Reason.REPO_NOT_FOUND,
                    "'org/nope'", "not found", hub.endpoint(), "HF_TOKEN");
            expect(soft, "unknown revision", fail(new HubResolver(options(hub.endpoint(), cache)
                    .revision("v9").build()), REPO), HubException.Reason.REVISION_NOT_FOUND, "'v9'", REPO);
            expect(soft, "missing required file", fail(anonymous, "org/no-merges"),
                    HubException.Reason.ENTRY_NOT_FOUND, "merges.txt", "org/no-merges");
            expect(soft, "Flax/TF only", fail(anonymous, "org/flax-only"), HubException.Reason.ENTRY_NOT_FOUND,
                    "model.safetensors", "pytorch_model.bin", "not supported");
            expect(soft, "private without token", fail(anonymous, "org/private"), HubException.Reason.UNAUTHORIZED,
                    "'org/private'", "401", "HF_TOKEN");
            expect(soft, "private with a wrong token", fail(new HubResolver(options(hub.endpoint(), cache)
                    .token("hf_wrong").build()), "org/private"), HubException.Reason.UNAUTHORIZED,
                    "token was sent");
            expect(soft, "gated", fail(anonymous, "org/gated"), HubException.Reason.UNAUTHORIZED, "gated",
                    hub.endpoint() + "/org/gated", "Accept its conditions", "HF_TOKEN");
            expect(soft, "id with @revision", fail(anonymous, "org/name@v1"), HubException.Reason.INVALID_REPO_ID,
                    "org/name@v1", "pass it separately");
            expect(soft, "missing directory", fail(anonymous, "./no/such/dir"), HubException.Reason.INVALID_REPO_ID,
                    "./no/such/dir", "no such directory");
            expect(soft, "bad id", fail(anonymous, "a/b/c"), HubException.Reason.INVALID_REPO_ID, "'a/b/c'");
            String weightsFile = tiny("model.safetensors").toString();
            expect(soft, "a file, not a directory", fail(anonymous, weightsFile), HubException.Reason.INVALID_REPO_ID,
                    weightsFile, "is a file", "model directory");
            soft.assertThat(hub.requests).as("Flax and TF files are never requested")
                    .noneMatch(r -> r.path().contains("flax_model") || r.path().contains("tf_model"));

            Path privateDir = new HubResolver(options(hub.endpoint(), cache).token("hf_right").build())
                    .resolve("org/private");
            soft.assertThat(privateDir.resolve("model.safetensors")).as("private with the token").isRegularFile();
            soft.assertThat(hub.requests("hub")).as("token sent to the Hub")
                    .anyMatch(r -> "Bearer hf_right".equals(r.authorization()));
            soft.assertThat(hub.requests("cdn")).as("token never sent to the CDN")
                    .allMatch(r -> r.authorization() == null);
            soft.assertAll();
        }
    }

    @Test
    void offlineAndUnreachableErrorsSayHowToGetTheFiles() {
        HubResolver offline = new HubResolver(options("http://127.0.0.1:9", cache).offline(true).build());
        HubResolver unreachable = new HubResolver(options("http://127.0.0.1:9", cache).build());
        SoftAssertions soft = new SoftAssertions();
        expect(soft, "offline, not cached", fail(offline, REPO), HubException.Reason.NOT_CACHED,
                "offline", "config.json", REPO, "HF_HUB_OFFLINE=0", cache.toString());
        expect(soft, "no server", fail(unreachable, REPO), HubException.Reason.CONNECTION,
                "http://127.0.0.1:9/" + REPO + "/resolve/main/config.json", "HF_HUB_OFFLINE=1", "not in the cache");
        soft.assertAll();
    }

    @Test
    void existingDirectoryIsReturnedAsIs() throws IOException {
        Path dir = Files.createDirectories(cache.resolve("my-model"));
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(new HubResolver(options("http://127.0.0.1:9", cache).build()).resolve(dir.toString()))
                .isEqualTo(dir);
        soft.assertAll();
    }
}
