package io.bootsim.controller.certificates.signer;

import io.bootsim.controller.certificates.CertificateController;
import io.bootsim.controller.certificates.Csr;
import io.bootsim.controller.certificates.SyncResult;
import io.bootsim.core.client.ApiTransport;
import io.bootsim.core.http.HttpRequest;
import io.bootsim.core.pki.CertificateRequest;
import io.bootsim.core.pki.PemException;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.version.KubeVersion;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * csrsigning, one signer: issues a certificate for each approved CSR addressed to it. From 1.18
 * each of the four kubernetes.io signers runs as its own controller, checks the CSR against its
 * rules (a violation becomes a Failed condition) and honours expirationSeconds; before 1.18 the
 * one legacy signer signs every approved CSR whatever it asks for. Unknown signer names are never
 * touched: those CSRs stay Approved with no certificate.
 */
// upstream: pkg/controller/certificates/signer/signer.go handle; before 1.18 cfssl_signer.go
public final class CsrSigner implements CertificateController.Handler {

    /** The signer names of 1.18+, each its own controller. */
    public static final Set<String> SIGNERS = Set.of(Csr.KUBELET_SERVING, Csr.KUBE_APISERVER_CLIENT_KUBELET,
            Csr.KUBE_APISERVER_CLIENT, Csr.LEGACY_UNKNOWN);

    private final ApiTransport api;
    private final String signerName;
    private final CertificateAuthority ca;
    private final Duration certTtl;
    private final KubeVersion version;
    private final ComponentContext context;
    private final SecureRandom serials;

    /**
     * @param signerName one of {@link #SIGNERS}; ignored before 1.18, when one signer signs everything
     */
    public CsrSigner(ApiTransport api, String signerName, CertificateAuthority ca, Duration certTtl, KubeVersion version,
                     ComponentContext context) {
        if (version.atLeast(1, 18) && !SIGNERS.contains(signerName)) {
            throw new IllegalArgumentException("unknown signerName: \"" + signerName + "\"");
        }
        this.api = api;
        this.signerName = signerName;
        this.ca = ca;
        this.certTtl = certTtl;
        this.version = version;
        this.context = context;
        this.serials = context.random().stream("csrsigning/serials");
    }

    public String signerName() {
        return signerName;
    }

    @Override
    public void handle(Csr csr, Consumer<SyncResult> done) {
        boolean perSigner = version.atLeast(1, 18);
        if (csr.isIssued()) {
            done.accept(SyncResult.DONE);
            return;
        }
        if (!csr.isApproved()) {
            trace(csr, "ignored", "not approved");
            done.accept(SyncResult.DONE);
            return;
        }
        if (csr.conditions().stream().anyMatch(c -> c.type().equals(Csr.Condition.FAILED)
                && (c.status().isEmpty() || c.status().equals("True")))) {
            done.accept(SyncResult.DONE);
            return;
        }
        if (perSigner && !csr.signerName().equals(signerName)) {
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
        if (perSigner) {
            Optional<String> invalid = SignerValidation.validate(signerName, request, csr.usages(), version);
            if (invalid.isPresent()) {
                fail(csr, invalid.get(), done);
                return;
            }
        }
        Instant now = context.clock().now();
        Duration ttl = perSigner && version.atLeast(1, 22)
                ? SigningPolicy.effectiveTtl(certTtl, csr.expirationSeconds().orElse(null)) : certTtl;
        // cfssl (before 1.18) backdated from the minute-rounded time and ran the full duration from there
        SigningPolicy policy = perSigner ? SigningPolicy.controller(ttl) : new SigningPolicy(ttl, SigningPolicy.BACKDATE, Duration.ZERO);
        Instant signingTime = perSigner ? now : roundToMinute(now);
        CertificateAuthority.Signed signed = ca.sign(request, csr.usages(), policy, signingTime, serials);
        if (signed instanceof CertificateAuthority.Error error) {
            trace(csr, "sign error", error.message());
            done.accept(SyncResult.error("error auto signing csr: " + error.message()));
            return;
        }
        CertificateAuthority.Issued issued = (CertificateAuthority.Issued) signed;
        api.send(HttpRequest.put(Csr.collectionPath(version) + "/" + csr.name() + "/status",
                csr.withCertificate(issued.pem().getBytes(StandardCharsets.US_ASCII))), result -> {
            if (!result.isSuccess()) {
                done.accept(SyncResult.error("error updating signature for csr: " + result.goError()));
                return;
            }
            trace(csr, "signed", "signed serial=" + issued.certificate().getSerialNumber().toString(16)
                    + " notAfter=" + issued.certificate().getNotAfter().toInstant());
            done.accept(SyncResult.DONE);
        });
    }

    private void fail(Csr csr, String message, Consumer<SyncResult> done) {
        var body = csr.withCondition(new Csr.Condition(Csr.Condition.FAILED, "True", "SignerValidationFailure", message,
                context.clock().now().truncatedTo(ChronoUnit.SECONDS)));
        api.send(HttpRequest.put(Csr.collectionPath(version) + "/" + csr.name() + "/status", body), result -> {
            if (!result.isSuccess()) {
                done.accept(SyncResult.error("error adding failure condition for csr: " + result.goError()));
                return;
            }
            trace(csr, "failed", "SignerValidationFailure: " + message);
            done.accept(SyncResult.DONE);
        });
    }

    private static Instant roundToMinute(Instant t) {
        // Go's Time.Round: halfway rounds up
        return t.plusSeconds(30).truncatedTo(ChronoUnit.MINUTES);
    }

    private void trace(Csr csr, String decision, String reason) {
        context.tracer().emit("controller.csrsigning", "signer", signerName, "csr", csr.name(), "decision", decision,
                "reason", reason);
    }
}
