package io.bootsim.controller.certificates.approver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.controller.certificates.CertificateController;
import io.bootsim.controller.certificates.Csr;
import io.bootsim.controller.certificates.SyncResult;
import io.bootsim.core.api.Json;
import io.bootsim.core.client.ApiTransport;
import io.bootsim.core.http.HttpRequest;
import io.bootsim.core.http.Result;
import io.bootsim.core.pki.CertificateRequest;
import io.bootsim.core.pki.PemException;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.version.KubeVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * csrapproving: approves a kubelet client CSR when a SubjectAccessReview says its requester may
 * {@code create} the recognizer's subresource ({@code nodeclient}, {@code selfnodeclient}). It
 * never denies and never approves anything else; a CSR recognized but not allowed is requeued
 * with backoff, so a binding created later still takes effect.
 */
// upstream: pkg/controller/certificates/approver/sarapprove.go
public final class SarApprover implements CertificateController.Handler {

    static final String SAR_PATH = "/apis/authorization.k8s.io/v1/subjectaccessreviews";

    private final ApiTransport api;
    private final List<Recognizer> recognizers;
    private final KubeVersion version;
    private final ComponentContext context;

    public SarApprover(ApiTransport api, List<Recognizer> recognizers, KubeVersion version, ComponentContext context) {
        this.api = api;
        this.recognizers = List.copyOf(recognizers);
        this.version = version;
        this.context = context;
    }

    @Override
    public void handle(Csr csr, Consumer<SyncResult> done) {
        if (csr.isIssued()) {
            trace(csr, "ignored", "already has a certificate");
            done.accept(SyncResult.DONE);
            return;
        }
        if (csr.condition(Csr.Condition.APPROVED).isPresent() || csr.condition(Csr.Condition.DENIED).isPresent()) {
            trace(csr, "ignored", "already approved or denied");
            done.accept(SyncResult.DONE);
            return;
        }
        CertificateRequest request;
        try {
            request = csr.parseRequest();
        } catch (PemException e) {
            done.accept(csr.unparsable(e));
            return;
        }
        tryFrom(0, csr, request, new ArrayList<>(), done);
    }

    /** Tries the recognizers from {@code index} on, one SubjectAccessReview at a time. */
    private void tryFrom(int index, Csr csr, CertificateRequest request, List<String> tried, Consumer<SyncResult> done) {
        if (index == recognizers.size()) {
            if (tried.isEmpty()) {
                trace(csr, "ignored", "not recognized as a kubelet client CSR");
                done.accept(SyncResult.DONE);
            } else {
                done.accept(SyncResult.ignorable("recognized csr \"" + csr.name() + "\" as " + tried
                        + " but subject access review was not approved"));
            }
            return;
        }
        Recognizer recognizer = recognizers.get(index);
        if (!recognizer.test().recognizes(csr, request)) {
            tryFrom(index + 1, csr, request, tried, done);
            return;
        }
        tried.add(recognizer.subresource());
        api.send(HttpRequest.post(SAR_PATH, subjectAccessReview(csr, recognizer.subresource())), result -> {
            if (!result.isSuccess()) {
                done.accept(SyncResult.error(result.goError()));
                return;
            }
            ObjectNode status = (ObjectNode) result.json().path("status");
            boolean allowed = status.path("allowed").asBoolean(false);
            String reason = status.path("reason").asText("");
            trace(csr, allowed ? "recognized" : "not allowed", "recognized as " + recognizer.subresource()
                    + "; SubjectAccessReview " + (allowed ? "allowed" : "denied") + (reason.isEmpty() ? "" : ": " + reason));
            if (allowed) {
                approve(csr, recognizer, done);
            } else {
                tryFrom(index + 1, csr, request, tried, done);
            }
        });
    }

    private void approve(Csr csr, Recognizer recognizer, Consumer<SyncResult> done) {
        boolean v1 = version.atLeast(1, 19);
        // v1 requires status True and the controller stamps lastUpdateTime; the v1beta1 era sent neither
        ObjectNode body = csr.withCondition(new Csr.Condition(Csr.Condition.APPROVED, v1 ? "True" : "", "AutoApproved",
                recognizer.successMessage(), v1 ? context.clock().now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) : null));
        api.send(HttpRequest.put(Csr.collectionPath(version) + "/" + csr.name() + "/approval", body), (Result result) -> {
            if (!result.isSuccess()) {
                done.accept(SyncResult.error("error updating approval for csr: " + result.goError()));
                return;
            }
            trace(csr, "approved", recognizer.successMessage());
            done.accept(SyncResult.DONE);
        });
    }

    private ObjectNode subjectAccessReview(Csr csr, String subresource) {
        ObjectNode sar = Json.object();
        sar.put("kind", "SubjectAccessReview").put("apiVersion", "authorization.k8s.io/v1");
        sar.putObject("metadata").putNull("creationTimestamp");
        ObjectNode spec = sar.putObject("spec");
        ObjectNode attributes = spec.putObject("resourceAttributes");
        attributes.put("verb", "create").put("group", "certificates.k8s.io").put("version", "*")
                .put("resource", "certificatesigningrequests").put("subresource", subresource);
        ObjectNode csrSpec = (ObjectNode) csr.object().path("spec");
        spec.put("user", csr.username());
        if (csrSpec.has("groups")) {
            spec.set("groups", csrSpec.get("groups").deepCopy());
        }
        if (csrSpec.has("extra")) {
            spec.set("extra", csrSpec.get("extra").deepCopy());
        }
        if (csrSpec.has("uid")) {
            spec.put("uid", csrSpec.get("uid").asText());
        }
        sar.putObject("status").put("allowed", false);
        return sar;
    }

    private void trace(Csr csr, String decision, String reason) {
        context.tracer().emit("controller.csrapproving", "csr", csr.name(), "decision", decision, "reason", reason);
    }
}
