package io.bootsim.controller.certificates;

import io.bootsim.core.pki.PemException;

import io.bootsim.core.pki.Pem;

import io.bootsim.core.pki.CertificateRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.version.KubeVersion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A CertificateSigningRequest as the controllers read it from their informer: the fields they
 * decide on, over the object as it came from the apiserver (kept so an update sends it back whole
 * with its resourceVersion). v1beta1 (before 1.19) and v1 share the shape the controllers use.
 */
public record Csr(ObjectNode object) {

    public static final String KUBE_APISERVER_CLIENT = "kubernetes.io/kube-apiserver-client";
    public static final String KUBE_APISERVER_CLIENT_KUBELET = "kubernetes.io/kube-apiserver-client-kubelet";
    public static final String KUBELET_SERVING = "kubernetes.io/kubelet-serving";
    public static final String LEGACY_UNKNOWN = "kubernetes.io/legacy-unknown";

    /** The CSR collection the emulated version's kube-controller-manager uses: v1 from 1.19, v1beta1 before. */
    public static String collectionPath(KubeVersion version) {
        return "/apis/certificates.k8s.io/" + apiVersion(version) + "/certificatesigningrequests";
    }

    public static String apiVersion(KubeVersion version) {
        return version.atLeast(1, 19) ? "v1" : "v1beta1";
    }

    /** The Go type client-go's reflector names in its log lines. */
    public static String typeName(KubeVersion version) {
        return "*" + apiVersion(version) + ".CertificateSigningRequest";
    }

    public String name() {
        return object.path("metadata").path("name").asText();
    }

    public Instant creationTimestamp() {
        return time(object.path("metadata").path("creationTimestamp"));
    }

    public String signerName() {
        return object.path("spec").path("signerName").asText("");
    }

    public String username() {
        return object.path("spec").path("username").asText("");
    }

    public List<String> usages() {
        return strings(object.path("spec").path("usages"));
    }

    /** spec.expirationSeconds, if requested. */
    public Optional<Integer> expirationSeconds() {
        JsonNode n = object.path("spec").path("expirationSeconds");
        return n.isNumber() ? Optional.of(n.asInt()) : Optional.empty();
    }

    /** spec.request decoded: the PEM bytes. */
    public byte[] request() {
        return base64(object.path("spec").path("request"));
    }

    /** spec.request parsed as a PKCS#10 request. */
    public CertificateRequest parseRequest() throws PemException {
        return Pem.certificateRequest(request(), "spec.request");
    }

    /** The sync error both the approver and the signer report for a request that does not parse. */
    public SyncResult unparsable(PemException e) {
        return SyncResult.error("unable to parse csr \"" + name() + "\": " + e.getMessage());
    }

    /** status.certificate decoded; empty when not issued. */
    public byte[] certificate() {
        return base64(object.path("status").path("certificate"));
    }

    public boolean isIssued() {
        return certificate().length > 0;
    }

    public List<Condition> conditions() {
        List<Condition> out = new ArrayList<>();
        for (JsonNode c : object.path("status").path("conditions")) {
            out.add(condition(c));
        }
        return out;
    }

    /** The first condition of {@code type}; only its time is parsed, not every condition's. */
    public Optional<Condition> condition(String type) {
        for (JsonNode c : object.path("status").path("conditions")) {
            if (c.path("type").asText("").equals(type)) {
                return Optional.of(condition(c));
            }
        }
        return Optional.empty();
    }

    private static Condition condition(JsonNode c) {
        return new Condition(c.path("type").asText(""), c.path("status").asText(""), c.path("reason").asText(""),
                c.path("message").asText(""), time(c.path("lastUpdateTime")));
    }

    /** Approved and not Denied, by condition type alone (upstream IsCertificateRequestApproved). */
    public boolean isApproved() {
        return condition(Condition.APPROVED).isPresent() && condition(Condition.DENIED).isEmpty();
    }

    /** A copy with one more condition, ready to send to /approval or /status. */
    public ObjectNode withCondition(Condition condition) {
        ObjectNode copy = object.deepCopy();
        ArrayNode conditions = copy.with("status").withArray("conditions");
        ObjectNode c = conditions.addObject().put("type", condition.type());
        if (!condition.status().isEmpty()) {
            c.put("status", condition.status());
        }
        c.put("reason", condition.reason()).put("message", condition.message());
        if (condition.lastUpdateTime() != null) {
            c.put("lastUpdateTime", condition.lastUpdateTime().toString());
        }
        return copy;
    }

    /** A copy carrying {@code pem} as status.certificate. */
    public ObjectNode withCertificate(byte[] pem) {
        ObjectNode copy = object.deepCopy();
        copy.with("status").put("certificate", Base64.getEncoder().encodeToString(pem));
        return copy;
    }

    /**
     * One status condition; {@code lastUpdateTime} is null when absent (Go's zero time).
     */
    public record Condition(String type, String status, String reason, String message, Instant lastUpdateTime) {
        public static final String APPROVED = "Approved";
        public static final String DENIED = "Denied";
        public static final String FAILED = "Failed";
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static byte[] base64(JsonNode n) {
        String text = n.asText("");
        return text.isEmpty() ? new byte[0] : Base64.getDecoder().decode(text);
    }

    private static Instant time(JsonNode n) {
        String text = n.asText("");
        return text.isEmpty() ? null : Instant.parse(text);
    }
}
