package io.bootsim.diagnose;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.bootsim.core.api.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A KubeletConfiguration file ({@code --config}, kubeadm's /var/lib/kubelet/config.yaml): the
 * files it references (client CA, serving certificate and key) and the bootstrap-relevant
 * switches. The kubelet itself reads it again in the run; this is for finding its files.
 */
public record KubeletConfigurationFile(String path, JsonNode root) {

    public static Optional<KubeletConfigurationFile> parse(String text, String hostPath, String display,
                                                           List<Finding> findings) {
        JsonNode root;
        try {
            root = Json.yaml().readTree(text);
        } catch (JsonProcessingException e) {
            findings.add(new Finding(Severity.ERROR, display, e.getLocation() == null ? 0 : e.getLocation().getLineNr(),
                    "the kubelet cannot decode its --config file", "failed to load kubelet config file, path: " + hostPath
                    + ", error: " + e.getOriginalMessage(), "correct the YAML at the line shown"));
            return Optional.empty();
        }
        if (root == null || !root.isObject() || !"KubeletConfiguration".equals(root.path("kind").asText())) {
            findings.add(new Finding(Severity.ERROR, display, 1, "not a KubeletConfiguration (kind is \""
                    + (root == null ? "" : root.path("kind").asText()) + "\")",
                    "failed to load kubelet config file, path: " + hostPath + ", error: failed to decode",
                    "start the file with apiVersion: kubelet.config.k8s.io/v1beta1 and kind: KubeletConfiguration"));
            return Optional.empty();
        }
        return Optional.of(new KubeletConfigurationFile(hostPath, root));
    }

    public List<String> referencedFiles() {
        List<String> out = new ArrayList<>();
        for (String field : List.of("/authentication/x509/clientCAFile", "/tlsCertFile", "/tlsPrivateKeyFile")) {
            String p = root.at(field).asText("");
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }

    /**
     * The file's bootstrap-relevant fields as the kubelet flags they stand for, with the file's
     * defaults (anonymous off, webhook authentication and authorization on), leaving out those the
     * command line sets itself (flags win over the file, as upstream). The simulated kubelet reads
     * {@code --config} from the simulator's own file system, not from its node's root, so the run
     * gets the file's content this way.
     */
    public List<String> asFlags(ComponentCommandLine commandLine) {
        List<String> out = new ArrayList<>();
        add(out, commandLine, "rotate-certificates", root.path("rotateCertificates"));
        add(out, commandLine, "rotate-server-certificates", root.path("serverTLSBootstrap"));
        add(out, commandLine, "tls-cert-file", root.path("tlsCertFile"));
        add(out, commandLine, "tls-private-key-file", root.path("tlsPrivateKeyFile"));
        add(out, commandLine, "address", root.path("address"));
        add(out, commandLine, "port", root.path("port"));
        add(out, commandLine, "client-ca-file", root.at("/authentication/x509/clientCAFile"));
        addOr(out, commandLine, "anonymous-auth", root.at("/authentication/anonymous/enabled"), "false");
        addOr(out, commandLine, "authentication-token-webhook", root.at("/authentication/webhook/enabled"), "true");
        addOr(out, commandLine, "authorization-mode", root.at("/authorization/mode"), "Webhook");
        if (root.path("featureGates").isObject() && commandLine.flag("feature-gates").isEmpty()) {
            List<String> gates = new ArrayList<>();
            root.path("featureGates").fields().forEachRemaining(e -> gates.add(e.getKey() + "=" + e.getValue().asText()));
            if (!gates.isEmpty()) {
                out.add("--feature-gates=" + String.join(",", gates));
            }
        }
        return out;
    }

    private static void add(List<String> out, ComponentCommandLine line, String flag, JsonNode value) {
        if (!value.isMissingNode() && !value.isNull() && !value.asText().isEmpty() && line.flag(flag).isEmpty()) {
            out.add("--" + flag + "=" + value.asText());
        }
    }

    private static void addOr(List<String> out, ComponentCommandLine line, String flag, JsonNode value, String dflt) {
        if (line.flag(flag).isEmpty()) {
            out.add("--" + flag + "=" + (value.isMissingNode() || value.isNull() ? dflt : value.asText()));
        }
    }
}
