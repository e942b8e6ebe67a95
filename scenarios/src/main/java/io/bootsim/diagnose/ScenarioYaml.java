package io.bootsim.diagnose;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.bootsim.core.kubeconfig.Cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The scenario a snapshot describes, as scenario YAML that {@code bootsim run} reads: every file
 * by {@code from:} relative to the scenario (so a CI run reads the real files as they change),
 * each component's command line as found, the kubelets started after the manifests are applied
 * (as an installer applies RBAC before nodes join), ten minutes of virtual time, the final state
 * printed by kubectl, and the healthy outcome expected: a Node per kubelet and no diagnosis.
 */
final class ScenarioYaml {

    static final String ADMIN_KUBECONFIG = "/etc/bootsim/diagnose-admin.kubeconfig";
    private static final String ADMIN_CERT = "/etc/bootsim/diagnose-admin.pem";
    private static final String ADMIN_KEY = "/etc/bootsim/diagnose-admin-key.pem";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .build());

    private ScenarioYaml() {
    }

    /** @param scenarioDir where the scenario file will be; {@code from:} paths are relative to it */
    static String write(ClusterSnapshot s, Optional<AdminCredential> admin, Path scenarioDir, String name) throws IOException {
        ObjectNode top = NODES.objectNode();
        top.put("name", name);
        top.put("description", "Built by bootsim diagnose from " + s.roots().stream()
                .map(r -> r.name() + "=" + r.dir()).toList() + ". Emulated version: " + s.version().origin()
                + ". It expects the bootstrap to succeed, so it fails until the configuration is fixed and again if it "
                + "regresses.");
        ObjectNode cluster = top.putObject("cluster");
        cluster.put("version", s.version().version().toString());
        cluster.put("start", s.start().toString());
        ObjectNode files = NODES.objectNode();
        copies(files, s.control().files, scenarioDir);
        if (admin.isPresent()) {
            adminKubeconfig(s, admin.get(), cluster, files, scenarioDir);
        }
        cluster.set("files", files);
        s.apiserver().ifPresent(a -> cluster.putObject("kube-apiserver").set("flags", flags(a)));
        s.controllerManager().ifPresent(c -> cluster.putObject("kube-controller-manager").set("flags", flags(c)));
        ArrayNode kubelets = cluster.putArray("kubelets");
        for (ClusterSnapshot.KubeletHost k : s.kubelets()) {
            ObjectNode kubelet = kubelets.addObject();
            kubelet.put("name", k.name());
            kubelet.put("start", false);
            kubelet.set("flags", flags(k.commandLine()));
            ObjectNode own = NODES.objectNode();
            copies(own, k.files().files, scenarioDir);
            if (!own.isEmpty()) {
                kubelet.set("files", own);
            }
        }
        ArrayNode steps = top.putArray("steps");
        if (admin.isPresent()) {
            for (ManifestFile m : s.manifests().stream().filter(m -> m.otherKinds().isEmpty()).toList()) {
                steps.addObject().put("kubectl", "apply -f " + quoted(relative(scenarioDir, m.path())));
            }
        }
        s.kubelets().forEach(k -> steps.addObject().put("start", "kubelet/" + k.name()));
        steps.addObject().put("advance", "10m");
        if (admin.isPresent()) {
            steps.addObject().put("kubectl", "get csr");
            steps.addObject().put("kubectl", "get nodes");
        }
        ArrayNode expect = top.putArray("expect");
        for (ClusterSnapshot.KubeletHost k : s.kubelets()) {
            expect.addObject().putObject("node").put("name", nodeName(k));
        }
        expect.addObject().put("diagnosis", "none");
        return YAML.writeValueAsString(top);
    }

    /** The Node name the kubelet registers: --hostname-override, else its host name. */
    static String nodeName(ClusterSnapshot.KubeletHost k) {
        return k.commandLine().value("hostname-override").filter(v -> !v.isBlank())
                .map(v -> v.strip().toLowerCase(java.util.Locale.ROOT)).orElse(k.name());
    }

    private static ArrayNode flags(ComponentCommandLine line) {
        ArrayNode out = NODES.arrayNode();
        line.flags().stream().filter(CommandLineFlag::isFlag).forEach(f -> out.add(f.text()));
        return out;
    }

    private static void copies(ObjectNode files, Map<String, Path> from, Path scenarioDir) {
        from.forEach((hostPath, file) -> files.putObject(hostPath).put("from", relative(scenarioDir, file)));
    }

    private static String relative(Path scenarioDir, Path file) {
        return scenarioDir.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString();
    }

    private static String quoted(String path) {
        return path.matches("[A-Za-z0-9_./-]+") ? path : "'" + path + "'";
    }

    private static void adminKubeconfig(ClusterSnapshot s, AdminCredential admin, ObjectNode cluster, ObjectNode files,
                                         Path scenarioDir) throws IOException {
        if (admin instanceof AdminCredential.Existing e) {
            cluster.put("admin", e.path());
            return;
        }
        ObjectNode user = NODES.objectNode();
        if (admin instanceof AdminCredential.Token t) {
            user.put("token", t.token());
        } else if (admin instanceof AdminCredential.IssuedByClientCa ca) {
            ArrayNode pki = cluster.putArray("pki");
            ObjectNode caEntry = pki.addObject().put("name", "diagnose-client-ca").put("ca", true);
            caEntry.putObject("from").put("cert", relative(scenarioDir, ca.caCertFile()))
                    .put("key", relative(scenarioDir, ca.caKeyFile()));
            ObjectNode cert = pki.addObject().put("name", "diagnose-admin").put("issuer", "diagnose-client-ca")
                    .put("cn", "bootsim:diagnose").put("key", "ecdsa-p256")
                    .put("cert", ADMIN_CERT).put("keyFile", ADMIN_KEY);
            cert.putArray("o").add("system:masters");
            cert.putArray("usages").add("digital signature").add("client auth");
            user.put("client-certificate", ADMIN_CERT).put("client-key", ADMIN_KEY);
        }
        ObjectNode config = NODES.objectNode().put("apiVersion", "v1").put("kind", "Config")
                .put("current-context", "diagnose");
        ObjectNode clusterEntry = config.putArray("clusters").addObject().put("name", "diagnose").putObject("cluster");
        clusterEntry.put("server", server(s));
        caData(s).ifPresent(ca -> clusterEntry.put("certificate-authority-data", Base64.getEncoder().encodeToString(ca)));
        config.putArray("users").addObject().put("name", "bootsim-diagnose").set("user", user);
        config.putArray("contexts").addObject().put("name", "diagnose").putObject("context")
                .put("cluster", "diagnose").put("user", "bootsim-diagnose");
        files.put(ADMIN_KUBECONFIG, YAML.writeValueAsString(config));
        cluster.put("admin", ADMIN_KUBECONFIG);
    }

    /** The apiserver address the control plane itself uses (kube-controller-manager's kubeconfig), else loopback. */
    private static String server(ClusterSnapshot s) {
        return serving(s).map(Cluster::server).filter(v -> !v.isEmpty()).orElse("https://127.0.0.1:"
                + s.apiserver().flatMap(a -> a.value("secure-port")).orElse("6443"));
    }

    /** The CA that verifies the apiserver, as the control plane's or a kubelet's kubeconfig trusts it. */
    private static Optional<byte[]> caData(ClusterSnapshot s) throws IOException {
        Optional<Cluster> c = serving(s);
        if (c.isPresent() && c.get().certificateAuthorityData().length > 0) {
            return Optional.of(c.get().certificateAuthorityData());
        }
        for (HostFiles h : hostFiles(s)) {
            if (c.isPresent() && h.files.containsKey(c.get().certificateAuthority())) {
                return Optional.of(Files.readAllBytes(h.files.get(c.get().certificateAuthority())));
            }
        }
        Optional<String> clientCa = s.apiserver().flatMap(a -> a.value("client-ca-file"));
        if (clientCa.isPresent() && s.control().files.containsKey(clientCa.get())) {
            return Optional.of(Files.readString(s.control().files.get(clientCa.get())).getBytes(StandardCharsets.UTF_8));
        }
        return Optional.empty();
    }

    private static Optional<Cluster> serving(ClusterSnapshot s) {
        Optional<String> kcm = s.controllerManager().flatMap(c -> c.value("kubeconfig"));
        if (kcm.isPresent()) {
            Optional<Cluster> c = s.control().kubeconfig(kcm.get()).flatMap(KubeconfigFile::currentCluster);
            if (c.isPresent()) {
                return c;
            }
        }
        return s.kubelets().stream().flatMap(k -> k.files().kubeconfigs.stream()).map(KubeconfigFile::currentCluster)
                .flatMap(Optional::stream).findFirst();
    }

    private static java.util.List<HostFiles> hostFiles(ClusterSnapshot s) {
        java.util.List<HostFiles> out = new java.util.ArrayList<>(java.util.List.of(s.control()));
        s.kubelets().forEach(k -> out.add(k.files()));
        return out;
    }
}
