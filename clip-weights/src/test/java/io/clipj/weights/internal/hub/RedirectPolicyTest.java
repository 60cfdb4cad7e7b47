package io.clipj.weights.internal.hub;

import io.clipj.weights.hub.HubException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The redirect policy on literal addresses and on names resolved by a fake resolver (no DNS, no network). */
class RedirectPolicyTest {

    private static final Map<String, String> DNS = Map.of(
            "huggingface.co", "18.1.2.3",
            "cdn-lfs.hf.co", "18.4.5.6",
            "metadata.google.internal", "169.254.169.254",
            "intranet.example", "10.1.2.3",
            "mirror.corp", "192.168.7.7",
            "localhost", "127.0.0.1");

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String ip = DNS.get(host);
        if (ip == null && !Character.isDigit(host.charAt(0)) && !host.contains(":")) {
            throw new UnknownHostException(host);
        }
        return new InetAddress[] {InetAddress.getByName(ip != null ? ip : host)};
    }

    private static List<String> refused(String endpoint, String... targets) {
        RedirectPolicy policy = new RedirectPolicy(URI.create(endpoint), RedirectPolicyTest::resolve);
        List<String> out = new ArrayList<>();
        for (String t : targets) {
            try {
                policy.check(URI.create(endpoint + "/a"), URI.create(t));
            } catch (HubException e) {
                assertThat(e.getMessage()).as(t).contains("refusing redirect").contains(t);
                out.add(t);
            }
        }
        return out;
    }

    @Test
    void publicEndpointFollowsOnlyPublicHttpTargets() {
        String[] bad = {
            "http://169.254.169.254/latest/meta-data/", "http://metadata.google.internal/computeMetadata/v1/",
            "http://[fe80::1]/", "http://127.0.0.1:8080/", "http://localhost/", "http://[::1]/", "http://10.0.0.1/",
            "http://172.16.5.5/", "http://192.168.1.1/", "http://100.64.0.1/", "http://intranet.example/",
            "http://[fd00::1]/", "http://0.0.0.0/", "http://224.0.0.1/", "http://255.255.255.255/",
            "http://[::ffff:169.254.169.254]/", "ftp://cdn-lfs.hf.co/x", "file:///etc/passwd", "gopher://x/"};
        assertThat(refused("https://huggingface.co", bad)).containsExactly(bad);
        assertThat(refused("https://huggingface.co", "https://cdn-lfs.hf.co/repos/x", "https://18.9.9.9/x",
                "https://unresolvable.invalid/x", "http://[2001:4860::8888]/")).isEmpty();
    }

    @Test
    void linkLocalIsNamedAsSuch() {
        RedirectPolicy policy = new RedirectPolicy(URI.create("http://127.0.0.1:9"), RedirectPolicyTest::resolve);
        HubException e = org.junit.jupiter.api.Assertions.assertThrows(HubException.class, () -> policy.check(
                URI.create("http://127.0.0.1:9/x"), URI.create("http://metadata.google.internal/computeMetadata/")));
        assertThat(e.getMessage()).contains("metadata.google.internal resolves to 169.254.169.254")
                .contains("link-local");
    }

    @Test
    void loopbackEndpointMayRedirectToLoopbackAndPrivateButNeverLinkLocal() {
        assertThat(refused("http://127.0.0.1:8080", "http://127.0.0.1:9000/x", "http://localhost:1/x",
                "http://10.0.0.1/x")).isEmpty();
        assertThat(refused("http://localhost:8080", "http://169.254.169.254/")).hasSize(1);
    }

    @Test
    void privateEndpointMayRedirectToPrivateButNotLoopback() {
        assertThat(refused("http://mirror.corp", "http://10.0.0.1/x", "http://192.168.7.8/x")).isEmpty();
        assertThat(refused("http://mirror.corp", "http://127.0.0.1/x", "http://169.254.1.1/x")).hasSize(2);
    }

    /** Behind a proxy the endpoint's name may not resolve here: its class is unknown, link-local stays refused. */
    @Test
    void unresolvableEndpointStillRefusesLinkLocal() {
        assertThat(refused("http://hub.invalid", "http://localhost:1/x", "http://10.0.0.1/x")).isEmpty();
        assertThat(refused("http://hub.invalid", "http://169.254.169.254/", "http://[fe80::1]/", "http://0.0.0.0/"))
                .hasSize(3);
    }

    @Test
    void scopes() throws UnknownHostException {
        assertThat(RedirectPolicy.scope(InetAddress.getByName("8.8.8.8"))).isEqualTo(RedirectPolicy.Scope.PUBLIC);
        assertThat(RedirectPolicy.scope(InetAddress.getByName("169.254.0.1"))).isEqualTo(RedirectPolicy.Scope.FORBIDDEN);
        assertThat(RedirectPolicy.scope(InetAddress.getByName("fc00::1"))).isEqualTo(RedirectPolicy.Scope.PRIVATE);
        assertThatCode(() -> RedirectPolicy.scope(InetAddress.getByName("::"))).doesNotThrowAnyException();
        assertThat(RedirectPolicy.scope(InetAddress.getByName("::"))).isEqualTo(RedirectPolicy.Scope.FORBIDDEN);
    }
}
