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
}
