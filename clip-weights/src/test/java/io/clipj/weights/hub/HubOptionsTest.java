package io.clipj.weights.hub;

import io.clipj.weights.internal.hub.EnvProxySelector;
import io.clipj.weights.internal.hub.HubCache;
import io.clipj.weights.internal.hub.HubHttp;
import io.clipj.weights.internal.hub.HubUrls;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Environment variables supply defaults with huggingface_hub's meaning; the builder overrides them. */
class HubOptionsTest {

    @TempDir
    Path home;

    private HubOptions fromEnv(Map<String, String> env) {
        return HubOptions.builder(env, home).build();
    }

    @Test
    void defaultsWithAnEmptyEnvironment() {
        HubOptions o = fromEnv(Map.of());
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(o.endpoint()).isEqualTo(URI.create("https://huggingface.co"));
        soft.assertThat(o.cacheDir()).isEqualTo(home.resolve(".cache/huggingface/hub"));
        soft.assertThat(o.offline()).isFalse();
        soft.assertThat(o.token()).isNull();
        soft.assertThat(o.revision()).isEqualTo("main");
        soft.assertThat(o.progress()).isTrue();
        soft.assertThat(o.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        soft.assertAll();
    }

    @Test
    void timeoutVariablesSetTheRequestTimeout() {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(fromEnv(Map.of("HF_HUB_ETAG_TIMEOUT", "5")).requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        soft.assertThat(fromEnv(Map.of("HF_HUB_DOWNLOAD_TIMEOUT", "2.5")).requestTimeout())
                .isEqualTo(Duration.ofMillis(2500));
        soft.assertThat(fromEnv(Map.of("HF_HUB_ETAG_TIMEOUT", "5", "HF_HUB_DOWNLOAD_TIMEOUT", "60")).requestTimeout())
                .isEqualTo(Duration.ofSeconds(60));
        soft.assertThat(HubOptions.builder(Map.of("HF_HUB_ETAG_TIMEOUT", "5"), home)
                .requestTimeout(Duration.ofSeconds(7)).build().requestTimeout()).isEqualTo(Duration.ofSeconds(7));
        soft.assertAll();
        assertThatThrownBy(() -> fromEnv(Map.of("HF_HUB_DOWNLOAD_TIMEOUT", "soon")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HF_HUB_DOWNLOAD_TIMEOUT='soon'");
        assertThatThrownBy(() -> fromEnv(Map.of("HF_HUB_ETAG_TIMEOUT", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HF_HUB_ETAG_TIMEOUT='0'");
    }

    @Test
    void environmentVariables() throws IOException {
        Files.createDirectories(home.resolve("hf"));
        Files.writeString(home.resolve("hf/token"), "hf_fromfile\n");
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(fromEnv(Map.of("HF_HOME", home.resolve("hf").toString())).cacheDir())
                .as("HF_HOME/hub").isEqualTo(home.resolve("hf/hub"));
        soft.assertThat(fromEnv(Map.of("HF_HOME", "/x", "HF_HUB_CACHE", "/y")).cacheDir())
                .as("HF_HUB_CACHE wins over HF_HOME").isEqualTo(Path.of("/y"));
        soft.assertThat(fromEnv(Map.of("XDG_CACHE_HOME", "/xdg")).cacheDir()).as("XDG_CACHE_HOME")
                .isEqualTo(Path.of("/xdg/huggingface/hub"));
        soft.assertThat(fromEnv(Map.of("HF_HUB_CACHE", "~/c")).cacheDir()).as("~ expanded")
                .isEqualTo(home.resolve("c"));
        soft.assertThat(fromEnv(Map.of("HF_ENDPOINT", "https://hf-mirror.example/")).endpoint())
                .as("HF_ENDPOINT, trailing slash dropped").isEqualTo(URI.create("https://hf-mirror.example"));
        for (String yes : new String[] {"1", "true", "YES", "On"}) {
            soft.assertThat(fromEnv(Map.of("HF_HUB_OFFLINE", yes)).offline()).as("HF_HUB_OFFLINE=%s", yes).isTrue();
        }
        for (String no : new String[] {"0", "false", "no", ""}) {
            soft.assertThat(fromEnv(Map.of("HF_HUB_OFFLINE", no)).offline()).as("HF_HUB_OFFLINE=%s", no).isFalse();
        }
        soft.assertThat(fromEnv(Map.of("HF_TOKEN", "hf_env")).token()).isEqualTo("hf_env");
        soft.assertThat(fromEnv(Map.of("HF_HOME", home.resolve("hf").toString())).token())
                .as("token file written by huggingface-cli login").isEqualTo("hf_fromfile");
        soft.assertThat(fromEnv(Map.of("HF_HUB_DISABLE_PROGRESS_BARS", "1")).progress()).isFalse();
        soft.assertThat(fromEnv(Map.of("HF_TOKEN", "hf_secret")).toString()).doesNotContain("hf_secret");
        soft.assertAll();
    }

    @Test
    void builderOverridesTheEnvironment() {
        HubOptions o = HubOptions.builder(Map.of("HF_HUB_OFFLINE", "1", "HF_TOKEN", "hf_env",
                        "HF_ENDPOINT", "https://a.example", "HF_HUB_CACHE", "/env"), home)
                .offline(false).token(null).endpoint("http://127.0.0.1:1").cacheDir(Path.of("/mine"))
                .revision("v2").build();
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(o.offline()).isFalse();
        soft.assertThat(o.token()).isNull();
        soft.assertThat(o.endpoint()).isEqualTo(URI.create("http://127.0.0.1:1"));
        soft.assertThat(o.cacheDir()).isEqualTo(Path.of("/mine"));
        soft.assertThat(o.revision()).isEqualTo("v2");
        soft.assertAll();
    }

    @Test
    void proxyVariablesAsPythonReadsThem() {
        java.net.ProxySelector p = EnvProxySelector.fromEnvironment(Map.of("HTTPS_PROXY", "http://proxy.corp:3128",
                "http_proxy", "plain.corp:8080", "no_proxy", ".internal.corp,localhost")).orElseThrow();
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(p.select(URI.create("https://huggingface.co/x")).get(0).address())
                .hasToString("proxy.corp/<unresolved>:3128");
        soft.assertThat(p.select(URI.create("http://mirror.example/x")).get(0).address())
                .hasToString("plain.corp/<unresolved>:8080");
        soft.assertThat(p.select(URI.create("https://hub.internal.corp/x"))).containsExactly(java.net.Proxy.NO_PROXY);
        soft.assertThat(p.select(URI.create("http://localhost:1/x"))).containsExactly(java.net.Proxy.NO_PROXY);
        soft.assertThat(EnvProxySelector.fromEnvironment(Map.of("HTTPS_PROXY", "http://p:1", "NO_PROXY", "*"))
                .orElseThrow().select(URI.create("https://huggingface.co"))).containsExactly(java.net.Proxy.NO_PROXY);
        soft.assertThat(EnvProxySelector.fromEnvironment(Map.of())).isEmpty();
        soft.assertThat(fromEnv(Map.of()).proxy()).as("JDK default without variables").isNull();
        soft.assertThatThrownBy(() -> fromEnv(Map.of("HTTPS_PROXY", "http://u:secret@p:1")))
                .hasMessageContaining("not supported").hasMessageNotContaining("secret");
        soft.assertAll();
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThatThrownBy(() -> HubOptions.builder(Map.of(), home).endpoint("not a url").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HubOptions.builder(Map.of(), home).endpoint("huggingface.co").build())
                .hasMessageContaining("huggingface.co");
        assertThatThrownBy(() -> HubOptions.builder(Map.of(), home).revision(" ").build())
                .hasMessageContaining("revision");
    }

    @Test
    void repoIdsAndUrlsFollowHuggingfaceHub() throws HubException {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(HubResolver.checkRepoId("openai/clip-vit-base-patch32")).isEqualTo("openai/clip-vit-base-patch32");
        soft.assertThat(HubResolver.checkRepoId("bert-base-uncased")).isEqualTo("bert-base-uncased");
        for (String bad : new String[] {"", "a--b/c", "a/../b", "a/b.git", "-a/b", "a/b/c", "a b/c", "x".repeat(97)}) {
            soft.assertThatThrownBy(() -> HubResolver.checkRepoId(bad)).as("'%s'", bad)
                    .isInstanceOf(HubException.class);
        }
        soft.assertThat(HubCache.repoFolderName("openai/clip-vit-base-patch32"))
                .isEqualTo("models--openai--clip-vit-base-patch32");
        soft.assertThat(HubUrls.resolve(URI.create("https://huggingface.co"), "org/m", "refs/pr/1", "sub dir/a+b.json"))
                .hasToString("https://huggingface.co/org/m/resolve/refs%2Fpr%2F1/sub%20dir/a%2Bb.json");
        soft.assertThat(HubHttp.normalizeEtag("W/\"abc\"")).isEqualTo("abc");
        soft.assertThat(HubHttp.normalizeEtag("\"abc\"")).isEqualTo("abc");
        soft.assertThatThrownBy(() -> HubCache.inside(home, "../x")).isInstanceOf(IllegalArgumentException.class);
        soft.assertThatThrownBy(() -> HubCache.inside(home, "/etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        soft.assertAll();
    }
}
