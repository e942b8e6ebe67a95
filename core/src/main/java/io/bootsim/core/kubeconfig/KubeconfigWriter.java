package io.bootsim.core.kubeconfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import io.bootsim.core.runtime.PrivateFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Writes a kubeconfig exactly as kubectl and client-go's WriteToFile do: keys in alphabetical
 * order at every level (the Go YAML goes through a map), lists sorted by name, empty fields
 * omitted, {@code preferences: {}} always present, empty lists as {@code null}, file mode 0600.
 */
// upstream: staging/src/k8s.io/client-go/tools/clientcmd/loader.go WriteToFile, api/v1/types.go
public final class KubeconfigWriter {

    private KubeconfigWriter() {
    }

    // Go's YAML puts a list's "- " at its key's indentation, unlike the codec used for objects.
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());

    public static String toYaml(Kubeconfig config) {
        ObjectNode root = YAML.createObjectNode();
        root.put("apiVersion", "v1");
        root.set("clusters", named(config.clusters(), "cluster", KubeconfigWriter::cluster));
        root.set("contexts", named(config.contexts(), "context", KubeconfigWriter::context));
        root.put("current-context", config.currentContext());
        root.put("kind", "Config");
        root.putObject("preferences");
        root.set("users", named(config.users(), "user", KubeconfigWriter::authInfo));
        try {
            return YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a kubeconfig tree always encodes", e);
        }
    }

    /**
     * Writes {@code config} to {@code file} with mode 0600, creating missing parent directories,
     * replacing the file atomically so a reader never sees half a kubeconfig.
     */
    public static void write(Kubeconfig config, Path file) throws IOException {
        PrivateFile.write(file, toYaml(config));
    }

    private static <T> ArrayNode named(Map<String, T> items, String key, BiConsumer<ObjectNode, T> body) {
        if (items.isEmpty()) {
            return null;
        }
        ArrayNode list = YAML.createArrayNode();
        items.forEach((name, value) -> {
            ObjectNode entry = list.addObject();
            // alphabetical: "cluster" and "context" come before "name", "user" after it
            if (key.compareTo("name") > 0) {
                entry.put("name", name);
            }
            body.accept(entry.putObject(key), value);
            if (key.compareTo("name") < 0) {
                entry.put("name", name);
            }
        });
        return list;
    }

    private static void cluster(ObjectNode n, Cluster c) {
        putIfSet(n, "certificate-authority", c.certificateAuthority());
        putIfSet(n, "certificate-authority-data", base64(c.certificateAuthorityData()));
        if (c.insecureSkipTlsVerify()) {
            n.put("insecure-skip-tls-verify", true);
        }
        putIfSet(n, "server", c.server());
        putIfSet(n, "tls-server-name", c.tlsServerName());
    }

    private static void authInfo(ObjectNode n, AuthInfo a) {
        putIfSet(n, "client-certificate", a.clientCertificate());
        putIfSet(n, "client-certificate-data", base64(a.clientCertificateData()));
        putIfSet(n, "client-key", a.clientKey());
        putIfSet(n, "client-key-data", base64(a.clientKeyData()));
        putIfSet(n, "token", a.token());
        putIfSet(n, "tokenFile", a.tokenFile());
    }

    private static void context(ObjectNode n, Context c) {
        putIfSet(n, "cluster", c.cluster());
        putIfSet(n, "namespace", c.namespace());
        putIfSet(n, "user", c.user());
    }

    private static String base64(byte[] data) {
        return data.length == 0 ? "" : GoBase64.encode(data);
    }

    private static void putIfSet(ObjectNode n, String key, String value) {
        if (!value.isEmpty()) {
            n.put(key, value);
        }
    }
}
