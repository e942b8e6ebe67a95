package io.bootsim.scenario;

import io.bootsim.core.flags.GoDuration;
import io.bootsim.core.time.VirtualClock;
import io.bootsim.core.version.KubeVersion;
import io.bootsim.scenario.yaml.Node;
import io.bootsim.scenario.yaml.ScenarioFileException;
import io.bootsim.scenario.yaml.YamlReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a scenario file (the language of scenarios/README.md). Every field is checked against what
 * is allowed where it stands; a mistake names the file, line, column and field and lists the
 * alternatives.
 */
public final class ScenarioParser {

    private static final List<String> STEP_KINDS = List.of("start", "stop", "restart", "kubectl", "advance", "skew",
            "wait", "edit", "flags", "expect");
    private static final List<String> EXPECTATION_KINDS = List.of("csr", "node", "object", "log", "file", "trace",
            "component", "diagnosis");

    private ScenarioParser() {
    }

    public static Scenario parse(Path file) throws ScenarioFileException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ScenarioFileException(new Node.Location(file.toString(), 1, 1), "", "cannot read: " + e);
        }
        return parse(text, file.toString());
    }

    public static Scenario parse(String text, String source) throws ScenarioFileException {
        Fields top = Fields.of(YamlReader.read(text, source), "", "name", "description", "cluster", "steps", "expect");
        String name = top.string("name");
        String description = top.optionalString("description").orElse("").strip();
        Cluster cluster = cluster(top.required("cluster"));
        List<Step> steps = new ArrayList<>();
        Optional<Node> stepList = top.optional("steps");
        if (stepList.isPresent()) {
            int i = 0;
            for (Node n : list(stepList.get(), "steps")) {
                steps.add(step(n, "steps[" + i++ + "]"));
            }
        }
        Optional<Node> expect = top.optional("expect");
        if (expect.isPresent()) {
            steps.add(new Step.Expect(expect.get().location(), expectations(expect.get(), "expect")));
        }
        return new Scenario(name, description, source, cluster, steps);
    }

    // ---- cluster -------------------------------------------------------------------------------------------

    private static Cluster cluster(Node node) throws ScenarioFileException {
        Fields f = Fields.of(node, "cluster", "version", "seed", "start", "pki", "files", "kube-apiserver",
                "kube-controller-manager", "kubelets", "admin");
        KubeVersion version;
        String v = f.string("version");
        try {
            version = KubeVersion.parse(v);
        } catch (IllegalArgumentException e) {
            throw f.error("version", "\"" + v + "\" is not a Kubernetes version bootsim emulates; allowed: "
                    + KubeVersion.OLDEST + " to " + KubeVersion.NEWEST);
        }
        if (version.isBefore(KubeVersion.OLDEST) || version.isAfter(KubeVersion.NEWEST)) {
            throw f.error("version", v + " is outside what bootsim emulates: " + KubeVersion.OLDEST + " to " + KubeVersion.NEWEST);
        }
        long seed = f.optionalString("seed").map(s -> parseLong(s)).orElse(1L);
        if (seed == Long.MIN_VALUE) {
            throw f.error("seed", "must be an integer");
        }
        Instant start = VirtualClock.DEFAULT_START;
        Optional<String> startText = f.optionalString("start");
        if (startText.isPresent()) {
            try {
                start = Instant.parse(startText.get());
            } catch (DateTimeParseException e) {
                throw f.error("start", "must be an RFC 3339 time such as 2018-01-01T00:00:00Z");
            }
        }
        List<Cluster.CertificateSpec> pki = new ArrayList<>();
        Optional<Node> pkiNode = f.optional("pki");
        if (pkiNode.isPresent()) {
            int i = 0;
            for (Node n : list(pkiNode.get(), "cluster.pki")) {
                pki.add(certificate(n, "cluster.pki[" + i++ + "]", pki));
            }
        }
        List<Cluster.FileSpec> files = files(f.optional("files"), "cluster.files", pki);
        Cluster.Component apiserver = component(f.required(Cluster.APISERVER), "cluster." + Cluster.APISERVER);
        Optional<Cluster.Component> controllerManager = f.optional(Cluster.CONTROLLER_MANAGER).isEmpty() ? Optional.empty()
                : Optional.of(component(f.required(Cluster.CONTROLLER_MANAGER), "cluster." + Cluster.CONTROLLER_MANAGER));
        List<Cluster.KubeletSpec> kubelets = new ArrayList<>();
        Optional<Node> kubeletList = f.optional("kubelets");
        if (kubeletList.isPresent()) {
            int i = 0;
            for (Node n : list(kubeletList.get(), "cluster.kubelets")) {
                String field = "cluster.kubelets[" + i++ + "]";
                Fields k = Fields.of(n, field, "name", "flags", "start", "files");
                String name = k.string("name");
                if (!name.matches("[a-z0-9]([-a-z0-9.]*[a-z0-9])?")) {
                    throw k.error("name", "\"" + name + "\" is not a valid node name (lower-case DNS-1123 subdomain)");
                }
                if (kubelets.stream().anyMatch(x -> x.name().equals(name))) {
                    throw k.error("name", "two kubelets are named " + name);
                }
                kubelets.add(new Cluster.KubeletSpec(name, component(n, field, "name", "files"),
                        files(k.optional("files"), field + ".files", pki)));
            }
        }
        return new Cluster(version, seed, start, pki, files, apiserver, controllerManager, kubelets,
                f.optionalString("admin"));
    }

    private static Cluster.Component component(Node node, String field, String... alsoAllowed) throws ScenarioFileException {
        List<String> allowed = new ArrayList<>(List.of("flags", "start"));
        allowed.addAll(List.of(alsoAllowed));
        Fields f = Fields.of(node, field, allowed.toArray(String[]::new));
        List<String> flags = f.optional("flags").isPresent() ? f.strings("flags") : List.of();
        for (String flag : flags) {
            if (!flag.startsWith("-")) {
                throw f.error("flags", "\"" + flag + "\" is not a flag; write each flag as it appears on the command "
                        + "line, e.g. --authorization-mode=Node,RBAC (in a [a, b] list YAML splits at commas: quote such a "
                        + "flag or write one flag per line after \"- \")");
            }
        }
        return new Cluster.Component(flags, f.bool("start", true));
    }

    private static Cluster.CertificateSpec certificate(Node node, String field, List<Cluster.CertificateSpec> earlier)
            throws ScenarioFileException {
        Fields f = Fields.of(node, field, "name", "ca", "issuer", "cn", "o", "hosts", "usages", "key", "validFor",
                "from", "cert", "keyFile");
        String name = f.string("name");
        if (earlier.stream().anyMatch(c -> c.name().equals(name))) {
            throw f.error("name", "a certificate named " + name + " is already defined");
        }
        Optional<String> issuer = f.optionalString("issuer");
        if (issuer.isPresent() && earlier.stream().noneMatch(c -> c.name().equals(issuer.get()) && c.ca())) {
            throw f.error("issuer", "\"" + issuer.get() + "\" is not a CA defined above; allowed: "
                    + earlier.stream().filter(Cluster.CertificateSpec::ca).map(Cluster.CertificateSpec::name).toList());
        }
        Optional<String> fromCert = Optional.empty();
        Optional<String> fromKey = Optional.empty();
        Optional<Node> from = f.optional("from");
        if (from.isPresent()) {
            Fields ff = Fields.of(from.get(), field + ".from", "cert", "key");
            fromCert = Optional.of(ff.string("cert"));
            fromKey = Optional.of(ff.string("key"));
        }
        String key = f.optionalString("key").orElse("rsa2048");
        if (!List.of("rsa2048", "rsa3072", "rsa4096", "ecdsa-p256", "ecdsa-p384").contains(key)) {
            throw f.error("key", "\"" + key + "\" is not a key type; allowed: rsa2048, rsa3072, rsa4096, ecdsa-p256, ecdsa-p384");
        }
        boolean ca = f.bool("ca", false);
        List<String> usages = f.optional("usages").isPresent() ? f.strings("usages")
                : ca ? List.of() : List.of("digital signature", "key encipherment", "server auth", "client auth");
        return new Cluster.CertificateSpec(name, issuer, ca, f.optionalString("cn").orElse(name),
                f.optional("o").isPresent() ? f.strings("o") : List.of(),
                f.optional("hosts").isPresent() ? f.strings("hosts") : List.of(), usages, key,
                f.optionalDuration("validFor").orElse(Duration.ofHours(ca ? 87600 : 8760)), fromCert, fromKey,
                f.optionalString("cert"), f.optionalString("keyFile"));
    }

    private static List<Cluster.FileSpec> files(Optional<Node> node, String field, List<Cluster.CertificateSpec> pki)
            throws ScenarioFileException {
        List<Cluster.FileSpec> out = new ArrayList<>();
        if (node.isEmpty()) {
            return out;
        }
        if (!(node.get() instanceof Node.MapNode map)) {
            throw new ScenarioFileException(node.get().location(), field, "must be a mapping from absolute path to "
                    + "content (text, {from: FILE} or {kubeconfig: ...})");
        }
        for (Map.Entry<String, Node> e : map.entries().entrySet()) {
            String path = e.getKey();
            String f = field + "." + path;
            if (!path.startsWith("/")) {
                throw new ScenarioFileException(map.keys().get(path), f, "file paths are absolute, as on the host "
                        + "(e.g. /etc/kubernetes/token.csv)");
            }
            out.add(new Cluster.FileSpec(path, content(e.getValue(), f, pki)));
        }
        return out;
    }

    private static Cluster.FileContent content(Node node, String field, List<Cluster.CertificateSpec> pki)
            throws ScenarioFileException {
        if (node instanceof Node.Scalar s) {
            return new Cluster.FileContent.Text(s.text() == null ? "" : s.text());
        }
        Fields f = Fields.of(node, field, "from", "kubeconfig");
        if (f.optional("from").isPresent()) {
            return new Cluster.FileContent.Copy(f.string("from"));
        }
        Fields k = Fields.of(f.required("kubeconfig"), field + ".kubeconfig", "server", "ca", "token",
                "clientCertificate", "user", "cluster");
        for (String ref : List.of("ca", "clientCertificate")) {
            Optional<String> name = k.optionalString(ref);
            if (name.isPresent() && pki.stream().noneMatch(c -> c.name().equals(name.get()))) {
                throw k.error(ref, "\"" + name.get() + "\" is not in cluster.pki; allowed: "
                        + pki.stream().map(Cluster.CertificateSpec::name).toList());
            }
        }
        return new Cluster.FileContent.Kubeconfig(k.string("server"), k.optionalString("ca"), k.optionalString("token"),
                k.optionalString("clientCertificate"), k.optionalString("user").orElse("default"),
                k.optionalString("cluster").orElse("kubernetes"));
    }

    // ---- steps ---------------------------------------------------------------------------------------------

    private static Step step(Node node, String field) throws ScenarioFileException {
        if (!(node instanceof Node.MapNode map) || map.entries().isEmpty()) {
            throw new ScenarioFileException(node.location(), field, "a step is a mapping whose first key is one of "
                    + STEP_KINDS);
        }
        String kind = map.entries().keySet().iterator().next();
        Node.Location at = node.location();
        switch (kind) {
            case "start", "stop", "restart" -> {
                Fields f = Fields.of(node, field, kind);
                return new Step.Lifecycle(at, Step.Lifecycle.Action.valueOf(kind.toUpperCase(java.util.Locale.ROOT)),
                        f.string(kind));
            }
            case "kubectl" -> {
                Fields f = Fields.of(node, field, "kubectl", "output", "matches", "error", "exitCode");
                String command = f.string("kubectl").strip();
                if (command.startsWith("kubectl ")) {
                    command = command.substring("kubectl ".length());
                }
                Optional<String> matches = f.optionalString("matches");
                if (matches.isPresent()) {
                    pattern(matches.get(), f, "matches");
                }
                return new Step.Kubectl(at, command, f.optionalString("output"), matches, f.optionalString("error"),
                        f.optionalInt("exitCode"));
            }
            case "advance" -> {
                Fields f = Fields.of(node, field, "advance");
                return new Step.Advance(at, f.duration("advance"));
            }
            case "skew" -> {
                Fields f = Fields.of(node, field, "skew");
                Fields s = Fields.of(f.required("skew"), field + ".skew", "component", "by");
                return new Step.Skew(at, s.string("component"), s.duration("by"));
            }
            case "wait" -> {
                Fields f = Fields.of(node, field, "wait");
                Fields w = Fields.of(f.required("wait"), field + ".wait", "for", "within");
                List<Expectation> condition = expectations(w.required("for"), field + ".wait.for");
                if (condition.size() != 1) {
                    throw w.error("for", "names exactly one condition");
                }
                return new Step.Wait(at, condition.get(0), w.optionalDuration("within").orElse(Duration.ofMinutes(10)));
            }
            case "edit" -> {
                Fields f = Fields.of(node, field, "edit");
                Fields e = Fields.of(f.required("edit"), field + ".edit", "file", "on", "content", "replace", "with");
                Optional<String> content = e.optionalString("content");
                Optional<String> replace = e.optionalString("replace");
                if (content.isPresent() == replace.isPresent()) {
                    throw e.error("content", "give either content (the whole new file) or replace and with");
                }
                if (replace.isPresent() && e.optionalString("with").isEmpty()) {
                    throw e.error("with", "replace needs with");
                }
                return new Step.EditFile(at, e.optionalString("on"), e.string("file"), content, replace,
                        e.optionalString("with"));
            }
            case "flags" -> {
                Fields f = Fields.of(node, field, "flags");
                Fields e = Fields.of(f.required("flags"), field + ".flags", "component", "add", "remove");
                return new Step.EditFlags(at, e.string("component"),
                        e.optional("add").isPresent() ? e.strings("add") : List.of(),
                        e.optional("remove").isPresent() ? e.strings("remove") : List.of());
            }
            case "expect" -> {
                Fields f = Fields.of(node, field, "expect");
                return new Step.Expect(at, expectations(f.required("expect"), field + ".expect"));
            }
            default -> throw new ScenarioFileException(map.keys().get(kind), field + "." + kind,
                    "is not a step; allowed: " + String.join(", ", STEP_KINDS));
        }
    }

    // ---- expectations --------------------------------------------------------------------------------------

    /** One expectation (a mapping) or a list of them. */
    private static List<Expectation> expectations(Node node, String field) throws ScenarioFileException {
        List<Expectation> out = new ArrayList<>();
        if (node instanceof Node.ListNode l) {
            int i = 0;
            for (Node n : l.items()) {
                out.add(expectation(n, field + "[" + i++ + "]"));
            }
        } else {
            out.add(expectation(node, field));
        }
        return out;
    }

    private static Expectation expectation(Node node, String field) throws ScenarioFileException {
        if (!(node instanceof Node.MapNode map) || map.entries().size() != 1) {
            throw new ScenarioFileException(node.location(), field, "an expectation is a mapping with one key, one of "
                    + EXPECTATION_KINDS);
        }
        String kind = map.entries().keySet().iterator().next();
        Node body = map.entries().get(kind);
        String f = field + "." + kind;
        Node.Location at = node.location();
        switch (kind) {
            case "csr" -> {
                Fields e = Fields.of(body, f, "requestor", "signer", "condition", "count");
                return new Expectation.Csr(at, e.optionalString("requestor"), e.optionalString("signer"),
                        e.optionalString("condition"), e.optionalInt("count"));
            }
            case "node" -> {
                Fields e = Fields.of(body, f, "name", "exists", "ready");
                return new Expectation.NodeObject(at, e.string("name"), e.bool("exists", true), e.optionalString("ready"));
            }
            case "object" -> {
                Fields e = Fields.of(body, f, "resource", "namespace", "name", "exists", "fields");
                return new Expectation.StoredObject(at, e.string("resource"), e.optionalString("namespace").orElse(""),
                        e.string("name"), e.bool("exists", true), e.stringMap("fields"));
            }
            case "log" -> {
                Fields e = Fields.of(body, f, "component", "contains", "absent", "matches", "atLeast");
                Optional<String> matches = e.optionalString("matches");
                if (matches.isPresent()) {
                    pattern(matches.get(), e, "matches");
                }
                return new Expectation.Log(at, e.string("component"), e.stringsOrOne("contains"),
                        e.stringsOrOne("absent"), matches, e.optionalInt("atLeast").orElse(1));
            }
            case "file" -> {
                Fields e = Fields.of(body, f, "on", "path", "exists", "subject", "issuer", "sans", "validFor");
                return new Expectation.File(at, e.optionalString("on").orElse("control-plane"), e.string("path"),
                        e.bool("exists", true), e.optionalString("subject"), e.optionalString("issuer"),
                        e.stringsOrOne("sans"), e.optionalDuration("validFor"));
            }
            case "trace" -> {
                Fields e = Fields.of(body, f, "type", "where", "contains", "count", "atLeast");
                return new Expectation.Trace(at, e.string("type"), e.stringMap("where"), e.stringsOrOne("contains"),
                        e.optionalInt("count"), e.optionalInt("atLeast").orElse(1));
            }
            case "component" -> {
                Fields e = Fields.of(body, f, "name", "phase", "exitCode", "running");
                return new Expectation.ComponentState(at, e.string("name"), e.optionalString("phase"),
                        e.optionalInt("exitCode"), e.optional("running").isPresent()
                        ? Optional.of(e.bool("running", true)) : Optional.empty());
            }
            case "diagnosis" -> {
                if (body instanceof Node.Scalar s && "none".equals(s.text())) {
                    return new Expectation.Diagnosis(at, "none", List.of());
                }
                Fields e = Fields.of(body, f, "stage", "mentions");
                String stage = e.string("stage");
                List<String> stages = io.bootsim.scenario.diagnosis.Stage.names();
                if (!stages.contains(stage)) {
                    throw e.error("stage", "\"" + stage + "\" is not a stage; allowed: " + stages + " (or diagnosis: none)");
                }
                return new Expectation.Diagnosis(at, stage, e.stringsOrOne("mentions"));
            }
            default -> throw new ScenarioFileException(map.keys().get(kind), f, "is not an expectation; allowed: "
                    + String.join(", ", EXPECTATION_KINDS));
        }
    }

    private static void pattern(String regex, Fields f, String key) throws ScenarioFileException {
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw f.error(key, "not a valid regular expression: " + e.getDescription());
        }
    }

    private static List<Node> list(Node node, String field) throws ScenarioFileException {
        if (node instanceof Node.ListNode l) {
            return l.items();
        }
        throw new ScenarioFileException(node.location(), field, "must be a list (lines starting with \"- \")");
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    /** A mapping's fields, checked against the allowed names; accessors fail with the field's location. */
    private record Fields(Node.MapNode map, String path) {

        static Fields of(Node node, String path, String... allowed) throws ScenarioFileException {
            if (!(node instanceof Node.MapNode map)) {
                throw new ScenarioFileException(node.location(), path, "must be a mapping with the fields "
                        + String.join(", ", allowed));
            }
            List<String> ok = List.of(allowed);
            for (String key : map.entries().keySet()) {
                if (!ok.contains(key)) {
                    throw new ScenarioFileException(map.keys().get(key), join(path, key),
                            "unknown field; allowed here: " + String.join(", ", allowed));
                }
            }
            return new Fields(map, path);
        }

        ScenarioFileException error(String key, String message) {
            Node.Location at = map.keys().containsKey(key) ? map.entries().get(key).location() : map.location();
            return new ScenarioFileException(at, join(path, key), message);
        }

        Optional<Node> optional(String key) {
            return Optional.ofNullable(map.entries().get(key));
        }

        Node required(String key) throws ScenarioFileException {
            Node n = map.entries().get(key);
            if (n == null) {
                throw new ScenarioFileException(map.location(), join(path, key), "is required");
            }
            return n;
        }

        String string(String key) throws ScenarioFileException {
            Node n = required(key);
            if (n instanceof Node.Scalar s && s.text() != null) {
                return s.text();
            }
            throw error(key, "must be a single value (text)");
        }

        Optional<String> optionalString(String key) throws ScenarioFileException {
            return optional(key).isEmpty() ? Optional.empty() : Optional.of(string(key));
        }

        Optional<Integer> optionalInt(String key) throws ScenarioFileException {
            Optional<String> s = optionalString(key);
            if (s.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(Integer.parseInt(s.get()));
            } catch (NumberFormatException e) {
                throw error(key, "must be an integer, not \"" + s.get() + "\"");
            }
        }

        boolean bool(String key, boolean dflt) throws ScenarioFileException {
            Optional<String> s = optionalString(key);
            if (s.isEmpty()) {
                return dflt;
            }
            return switch (s.get()) {
                case "true" -> true;
                case "false" -> false;
                default -> throw error(key, "must be true or false, not \"" + s.get() + "\"");
            };
        }

        Duration duration(String key) throws ScenarioFileException {
            String s = string(key);
            try {
                return GoDuration.parse(s);
            } catch (IllegalArgumentException e) {
                throw error(key, "\"" + s + "\" is not a duration; write it as Go does: 90s, 10m, 8760h, -10m");
            }
        }

        Optional<Duration> optionalDuration(String key) throws ScenarioFileException {
            return optional(key).isEmpty() ? Optional.empty() : Optional.of(duration(key));
        }

        List<String> strings(String key) throws ScenarioFileException {
            Node n = required(key);
            if (!(n instanceof Node.ListNode l)) {
                throw error(key, "must be a list");
            }
            List<String> out = new ArrayList<>();
            for (Node item : l.items()) {
                if (!(item instanceof Node.Scalar s) || s.text() == null) {
                    throw new ScenarioFileException(item.location(), join(path, key), "list items must be text");
                }
                out.add(s.text());
            }
            return out;
        }

        List<String> stringsOrOne(String key) throws ScenarioFileException {
            Optional<Node> n = optional(key);
            if (n.isEmpty()) {
                return List.of();
            }
            return n.get() instanceof Node.ListNode ? strings(key) : List.of(string(key));
        }

        Map<String, String> stringMap(String key) throws ScenarioFileException {
            Map<String, String> out = new LinkedHashMap<>();
            Optional<Node> n = optional(key);
            if (n.isEmpty()) {
                return out;
            }
            if (!(n.get() instanceof Node.MapNode m)) {
                throw error(key, "must be a mapping of field to value");
            }
            for (Map.Entry<String, Node> e : m.entries().entrySet()) {
                if (!(e.getValue() instanceof Node.Scalar s)) {
                    throw new ScenarioFileException(e.getValue().location(), join(path, key) + "." + e.getKey(),
                            "must be a single value");
                }
                out.put(e.getKey(), s.text() == null ? "" : s.text());
            }
            return out;
        }

        private static String join(String path, String key) {
            return path.isEmpty() ? key : path + "." + key;
        }
    }
}
