package io.bootsim.diagnose;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A bootstrap credential that never expires: a bootstrap-token Secret without {@code expiration}
 * (kubeadm's default TTL is 24h; tokencleaner removes only expired tokens), or a token-file line
 * for the bootstrap group, which lives as long as the file.
 */
final class BootstrapTokenWithoutExpiry implements StaticCheck {

    @Override
    public List<Finding> check(ClusterSnapshot s) throws IOException {
        List<Finding> out = new ArrayList<>();
        for (ManifestFile m : s.manifests()) {
            for (JsonNode o : m.objects()) {
                if (!"Secret".equals(o.path("kind").asText()) || !"bootstrap.kubernetes.io/token".equals(o.path("type").asText())) {
                    continue;
                }
                if (field(o, "expiration").isEmpty()) {
                    String name = o.path("metadata").path("name").asText();
                    out.add(new Finding(Severity.WARNING, m.path().toString(), 0, "bootstrap token Secret " + name
                            + " has no expiration: whoever reads the token can join nodes (and act as a bootstrapper) for ever",
                            "kube-system/" + name + " type bootstrap.kubernetes.io/token without data.expiration",
                            "kubeadm token delete " + name.replace("bootstrap-token-", "") + " and create tokens with a TTL "
                                    + "(kubeadm token create --ttl 24h)"));
                }
            }
        }
        Optional<String> path = s.apiserver().flatMap(a -> a.value("token-auth-file"));
        if (path.isPresent()) {
            Optional<String> text = s.control().text(path.get());
            if (text.isPresent()) {
                for (TokenCsv.Entry e : TokenCsv.parse(text.get(), path.get(), new ArrayList<>()).entries()) {
                    if (e.groups().stream().anyMatch(g -> g.startsWith("system:bootstrappers") || g.equals("system:node-bootstrapper")
                            || g.equals("system:kubelet-bootstrap"))) {
                        out.add(new Finding(Severity.WARNING, s.control().display(path.get()), e.line(), "the bootstrap "
                                + "token of " + e.user() + " is a line of --token-auth-file and never expires",
                                "token for user " + e.user() + ", groups " + e.groups(),
                                "use bootstrap-token Secrets with an expiration (--enable-bootstrap-token-auth), or remove "
                                        + "the line and restart kube-apiserver once the nodes have joined"));
                    }
                }
            }
        }
        return out;
    }

    private static Optional<String> field(JsonNode secret, String key) {
        String plain = secret.path("stringData").path(key).asText("");
        if (!plain.isEmpty()) {
            return Optional.of(plain);
        }
        String encoded = secret.path("data").path(key).asText("");
        if (encoded.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new String(Base64.getDecoder().decode(encoded), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return Optional.of(encoded);
        }
    }
}
