package io.bootsim.kubelet;

import com.fasterxml.jackson.databind.JsonNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.flags.ComponentBaseFlags;
import io.bootsim.core.flags.Flag;
import io.bootsim.core.flags.FlagSet;
import io.bootsim.core.flags.FlagType;
import io.bootsim.core.flags.ParsedFlags;
import io.bootsim.core.version.KubeVersion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The kubelet's flags that matter to bootstrapping, spelled as the real binary spells them
 * (cmd/kubelet/app/options/options.go), the KubeletConfiguration file they may come from
 * ({@code --config}; explicitly set flags win, as upstream), and accepted-but-ignored flags that
 * real unit files carry. {@code --sim-nodes} is bootsim's own.
 */
public final class KubeletFlags {

    private static final String MAIN = "Kubelet flags";
    private static final String SIM = "Simulator flags";

    public final FlagSet set = new FlagSet("kubelet");
    public final ComponentBaseFlags base = ComponentBaseFlags.declare(set);

    public final Flag<String> config = set.add(MAIN, Flag.of("config", FlagType.STRING, "",
            "The Kubelet will load its initial configuration from this file. The path may be absolute or relative; "
                    + "relative paths start at the Kubelet's current working directory. Omit this flag to use the "
                    + "built-in default configuration values. Command-line flags override configuration from this file."));
    public final Flag<String> kubeconfig = set.add(MAIN, Flag.of("kubeconfig", FlagType.STRING, "",
            "Path to a kubeconfig file, specifying how to connect to the API server. Providing --kubeconfig enables "
                    + "API server mode, omitting --kubeconfig enables standalone mode."));
    public final Flag<String> bootstrapKubeconfig = set.add(MAIN, Flag.of("bootstrap-kubeconfig", FlagType.STRING, "",
            "Path to a kubeconfig file that will be used to get client certificate for kubelet. If the file specified "
                    + "by --kubeconfig does not exist, the bootstrap kubeconfig is used to request a client certificate "
                    + "from the API server. On success, a kubeconfig file referencing the generated client certificate "
                    + "and key is written to the path specified by --kubeconfig. The client certificate and key file "
                    + "will be stored in the directory pointed by --cert-dir."));
    public final Flag<String> experimentalBootstrapKubeconfig = set.add(MAIN, Flag.of(
            "experimental-bootstrap-kubeconfig", FlagType.STRING, "", "")
            .deprecated("Use --bootstrap-kubeconfig"));
    public final Flag<String> certDir = set.add(MAIN, Flag.of("cert-dir", FlagType.STRING, "/var/lib/kubelet/pki",
            "The directory where the TLS certs are located. If --tls-cert-file and --tls-private-key-file are "
                    + "provided, this flag will be ignored."));
    public final Flag<Boolean> rotateCertificates = set.add(MAIN, Flag.of("rotate-certificates", FlagType.BOOL, false,
            "Auto rotate the kubelet client certificates by requesting new certificates from the kube-apiserver when "
                    + "the certificate expiration approaches."));
    public final Flag<Boolean> rotateServerCertificates = set.add(MAIN, Flag.of("rotate-server-certificates",
            FlagType.BOOL, false, "Auto-request and rotate the kubelet serving certificates by requesting new "
                    + "certificates from the kube-apiserver when the certificate expiration approaches. Requires the "
                    + "RotateKubeletServerCertificate feature gate to be enabled, and approval of the submitted "
                    + "CertificateSigningRequest objects."));
    public final Flag<Map<String, Boolean>> featureGates = set.add(MAIN, Flag.of("feature-gates",
            FlagType.MAP_STRING_BOOL, Map.of(), "A set of key=value pairs that describe feature gates for "
                    + "alpha/experimental features."));
    public final Flag<String> tlsCertFile = set.add(MAIN, Flag.of("tls-cert-file", FlagType.STRING, "",
            "File containing x509 Certificate used for serving HTTPS (with intermediate certs, if any, concatenated "
                    + "after server cert). If --tls-cert-file and --tls-private-key-file are not provided, a "
                    + "self-signed certificate and key are generated for the public address and saved to the "
                    + "directory passed to --cert-dir."));
    public final Flag<String> tlsPrivateKeyFile = set.add(MAIN, Flag.of("tls-private-key-file", FlagType.STRING, "",
            "File containing x509 private key matching --tls-cert-file."));
    public final Flag<String> hostnameOverride = set.add(MAIN, Flag.of("hostname-override", FlagType.STRING, "",
            "If non-empty, will use this string as identification instead of the actual hostname."));
    public final Flag<String> nodeIp = set.add(MAIN, Flag.of("node-ip", FlagType.STRING, "",
            "IP address (or comma-separated dual-stack IP addresses) of the node. If unset, kubelet will use the "
                    + "node's default IPv4 address, if any, or its default IPv6 address if it has no IPv4 addresses."));
    public final Flag<Map<String, String>> nodeLabels = set.add(MAIN, Flag.of("node-labels",
            FlagType.MAP_STRING_STRING, Map.of(), "Labels to add when registering the node in the cluster."));
    public final Flag<Boolean> registerNode = set.add(MAIN, Flag.of("register-node", FlagType.BOOL, true,
            "Register the node with the apiserver."));
    public final Flag<String> address = set.add(MAIN, Flag.of("address", FlagType.STRING, "0.0.0.0",
            "The IP address for the Kubelet to serve on (set to '0.0.0.0' or '::' for listening on all interfaces)."));
    public final Flag<Integer> port = set.add(MAIN, Flag.of("port", FlagType.INT32, 10250,
            "The port for the Kubelet to serve on."));
    public final Flag<String> clientCaFile = set.add(MAIN, Flag.of("client-ca-file", FlagType.STRING, "",
            "If set, any request presenting a client certificate signed by one of the authorities in the "
                    + "client-ca-file is authenticated with an identity corresponding to the CommonName of the client "
                    + "certificate."));
    public final Flag<Boolean> anonymousAuth = set.add(MAIN, Flag.of("anonymous-auth", FlagType.BOOL, true,
            "Enables anonymous requests to the Kubelet server."));
    public final Flag<Boolean> authenticationTokenWebhook = set.add(MAIN, Flag.of("authentication-token-webhook",
            FlagType.BOOL, false, "Use the TokenReview API to determine authentication for bearer tokens."));
    public final Flag<String> authorizationMode = set.add(MAIN, Flag.of("authorization-mode", FlagType.STRING,
            "AlwaysAllow", "Authorization mode for Kubelet server. Valid options are AlwaysAllow or Webhook. "
                    + "Webhook mode uses the SubjectAccessReview API to determine authorization."));

    public final Flag<Integer> simNodes = set.add(SIM, Flag.of("sim-nodes", FlagType.INT32, 1,
            "bootsim: run this many kubelets in one process, named PREFIX-0 ... from --hostname-override as PREFIX, "
                    + "each with its own root directory under --sim-root-dir and its own port counted up from --port."));
    public final Flag<String> simRootDir = set.add(SIM, Flag.of("sim-root-dir", FlagType.STRING, "",
            "bootsim: with --sim-nodes, the directory under which each kubelet's host paths live (ROOT/NODE/var/lib/...)."));
    public final Flag<String> simTls = set.add(SIM, Flag.of("sim-tls", FlagType.STRING, "jdk",
            "bootsim: the TLS implementation of the kubelets' clients and kubelet API servers: jdk, or openssl "
                    + "(BoringSSL through netty-tcnative, linux-x86_64), as bootsim bench --tls chooses for every component."));

    public KubeletFlags() {
        set.acceptIgnored(List.of("container-runtime-endpoint", "container-runtime", "cgroup-driver", "cluster-dns",
                "cluster-domain", "network-plugin", "cni-bin-dir", "cni-conf-dir", "pod-infra-container-image",
                "pod-manifest-path", "root-dir", "runtime-request-timeout", "cloud-provider", "image-service-endpoint",
                "resolv-conf", "max-pods", "runtime-cgroups", "kubelet-cgroups", "image-gc-high-threshold",
                "image-gc-low-threshold", "eviction-hard", "system-reserved", "kube-reserved", "node-status-update-frequency",
                "log-dir", "pod-cidr", "volume-plugin-dir", "container-log-max-size"),
                List.of("fail-swap-on", "allow-privileged", "serialize-image-pulls", "logtostderr", "alsologtostderr",
                        "enable-debugging-handlers", "cgroups-per-qos", "enable-controller-attach-detach", "protect-kernel-defaults", "make-iptables-util-chains"));
    }

    /**
     * Options from parsed flags and the config file, read under the node's root; {@code host} is
     * the machine's host name.
     */
    public KubeletOptions options(ParsedFlags parsed, String host, NodeRoot root) throws InvalidConfigurationException {
        KubeVersion version = base.emulatedVersion(parsed);
        Map<String, Object> file = parsed.get(config).isEmpty() ? Map.of()
                : loadConfigFile(parsed.get(config), root.input(parsed.get(config)));
        String bootstrap = parsed.get(bootstrapKubeconfig).isEmpty() ? parsed.get(experimentalBootstrapKubeconfig)
                : parsed.get(bootstrapKubeconfig);
        String name = parsed.get(hostnameOverride).isEmpty() ? host : parsed.get(hostnameOverride);
        Map<String, Boolean> gates = new LinkedHashMap<>(boolMap(file.get("featureGates")));
        gates.putAll(parsed.get(featureGates));
        List<String> ips = parsed.get(nodeIp).isEmpty() ? List.of() : List.of(parsed.get(nodeIp).split(","));
        return new KubeletOptions(version, name.toLowerCase(Locale.ROOT), bootstrap, parsed.get(kubeconfig),
                pick(parsed, certDir, null, file),
                pickBool(parsed, rotateCertificates, "rotateCertificates", file),
                pickBool(parsed, rotateServerCertificates, "serverTLSBootstrap", file),
                gates,
                pick(parsed, tlsCertFile, "tlsCertFile", file), pick(parsed, tlsPrivateKeyFile, "tlsPrivateKeyFile", file),
                ips, parsed.get(nodeLabels), parsed.get(registerNode),
                pick(parsed, address, "address", file),
                parsed.isSet(port) || !file.containsKey("port") ? parsed.get(port)
                        : ((Number) file.get("port")).intValue(),
                parsed.isSet(clientCaFile) ? parsed.get(clientCaFile)
                        : String.valueOf(path(file, "authentication", "x509", "clientCAFile", "")),
                parsed.isSet(anonymousAuth) || file.isEmpty() ? parsed.get(anonymousAuth)
                        : (Boolean) path(file, "authentication", "anonymous", "enabled", false),
                parsed.isSet(authenticationTokenWebhook) || file.isEmpty() ? parsed.get(authenticationTokenWebhook)
                        : (Boolean) path(file, "authentication", "webhook", "enabled", true),
                parsed.isSet(authorizationMode) || file.isEmpty() ? parsed.get(authorizationMode)
                        : String.valueOf(path(file, "authorization", "mode", null, "Webhook")));
    }

    /**
     * Reads a KubeletConfiguration (kubelet.config.k8s.io/v1beta1) as a map; its defaults
     * (webhook authentication and authorization on, anonymous off) differ from the flags'.
     */
    // upstream: pkg/kubelet/apis/config/v1beta1/defaults.go, cmd/kubelet/app/server.go loadConfigFile
    private static Map<String, Object> loadConfigFile(String file, Path path) throws InvalidConfigurationException {
        String prefix = "failed to load kubelet config file, path: " + file + ", error: failed to load Kubelet config file "
                + file + ", error ";
        JsonNode node;
        try {
            node = Json.yaml().readTree(Files.readString(path));
        } catch (NoSuchFileException e) {
            throw new InvalidConfigurationException(prefix + "failed to read kubelet config file \"" + file
                    + "\", error: open " + file + ": no such file or directory");
        } catch (IOException e) {
            throw new InvalidConfigurationException(prefix + "failed to decode: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidConfigurationException(prefix + "failed to decode: Object 'Kind' is missing in '"
                    + node + "'");
        }
        String kind = node.path("kind").asText("");
        if (!kind.equals("KubeletConfiguration")) {
            throw new InvalidConfigurationException(prefix + "failed to decode: " + (kind.isEmpty()
                    ? "Object 'Kind' is missing in '" + node + "'"
                    : "no kind \"" + kind + "\" is registered for version \"" + node.path("apiVersion").asText()
                    + "\" in scheme \"pkg/kubelet/apis/config/scheme/scheme.go:33\""));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> map = Json.mapper().convertValue(node, Map.class);
        return map;
    }

    private static String pick(ParsedFlags parsed, Flag<String> flag, String key, Map<String, Object> file) {
        if (parsed.isSet(flag) || key == null || !file.containsKey(key)) {
            return parsed.get(flag);
        }
        return String.valueOf(file.get(key));
    }

    private static boolean pickBool(ParsedFlags parsed, Flag<Boolean> flag, String key, Map<String, Object> file) {
        if (parsed.isSet(flag) || !file.containsKey(key)) {
            return parsed.get(flag);
        }
        return Boolean.TRUE.equals(file.get(key));
    }

    private static Object path(Map<String, Object> file, String a, String b, String c, Object dflt) {
        Object v = file.get(a);
        for (String k : c == null ? new String[]{b} : new String[]{b, c}) {
            v = v instanceof Map<?, ?> m ? m.get(k) : null;
        }
        return v == null ? dflt : v;
    }

    private static Map<String, Boolean> boolMap(Object o) {
        Map<String, Boolean> out = new LinkedHashMap<>();
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), Boolean.TRUE.equals(v)));
        }
        return out;
    }

    /** A flag or config value the kubelet refuses at start-up; the message is upstream's. */
    public static final class InvalidConfigurationException extends Exception {
        private static final long serialVersionUID = 1L;

        public InvalidConfigurationException(String message) {
            super(message);
        }
    }
}
