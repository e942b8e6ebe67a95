package io.bootsim.kubelet.certificate;

import io.bootsim.core.http.RestClient;
import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.pki.CertificateRequest;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.pki.Keys;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.PemException;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.time.Scheduler;
import io.bootsim.kubelet.KubeletRelease;

import java.io.IOException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * client-go's certificate manager, event-driven: it holds the current pair, rotates at the
 * jittered deadline (at once when there is none, it is expired or it misses what the template
 * asks), each attempt a new ECDSA P-256 key and a {@code csr-} CSR, retried with backoff 2 s x2
 * (jitter 0.1, 5 steps) and then every 32 s. It also judges whether the server is healthy from the
 * errors it gets, which decides whether the kubelet exits when no valid certificate remains.
 */
// upstream: staging/src/k8s.io/client-go/util/certificate/certificate_manager.go
public final class CertificateManager {

    /** Where a manager's attempts stand, for the trace and for observers. */
    public enum Phase { IDLE, WAITING_FOR_DEADLINE, REQUESTING, BACKING_OFF, STOPPED }

    static final Duration CERTIFICATE_WAIT_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration[] BACKOFF = {Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
            Duration.ofSeconds(16)};
    private static final Duration POLL = Duration.ofSeconds(32);

    private final String name;
    private final String signerName;
    private final boolean serving;
    private final CertificateStore store;
    private final Supplier<CertificateTemplate> template;
    private final KubeletRelease release;
    private final ComponentContext ctx;
    private final Function<CertificateAndKey, RestClient> clientFor;
    private final Consumer<CertificateAndKey> onNewCertificate;
    private final RotationDeadline deadline;
    private final SecureRandom keys;
    private final String source = "certificate_manager.go:356";

    private CertificateAndKey current;
    private boolean forceRotation;
    private boolean serverHealthy;
    private Phase phase = Phase.IDLE;
    private Scheduler.Timer timer;
    private int failures;

    public CertificateManager(String signerName, boolean serving, CertificateStore store,
                              Supplier<CertificateTemplate> template, KubeletRelease release, ComponentContext ctx,
                              Function<CertificateAndKey, RestClient> clientFor,
                              Consumer<CertificateAndKey> onNewCertificate) {
        this.name = signerName;
        this.signerName = signerName;
        this.serving = serving;
        this.store = store;
        this.template = template;
        this.release = release;
        this.ctx = ctx;
        this.clientFor = clientFor;
        this.onNewCertificate = onNewCertificate;
        SecureRandom jitter = ctx.random().stream(store.prefix() + "/rotation-jitter");
        this.deadline = new RotationDeadline(jitter::nextDouble);
        this.keys = ctx.random().stream(store.prefix() + "/keys");
    }

    /**
     * Loads the stored pair; a missing or expired one (or one from an embedded kubeconfig pair, which
     * is copied into the store) forces rotation at start. An unreadable file is an error.
     */
    // upstream: certificate_manager.go getCurrentCertificateOrBootstrap
    public void load(Optional<CertificateAndKey> bootstrapPair) throws CertificateStore.StoreException {
        Optional<CertificateAndKey> stored = store.current();
        Instant now = ctx.clock().now();
        if (stored.isPresent() && now.isBefore(stored.get().certificate().getNotAfter().toInstant())) {
            current = stored.get();
            return;
        }
        forceRotation = true;
        if (bootstrapPair.isPresent()) {
            current = bootstrapPair.get();
            try {
                store.update(current, now);
            } catch (IOException e) {
                ctx.log().error(source, "Unable to set the cert/key pair to the bootstrap certificate: " + e.getMessage());
            }
        }
    }

    /** The pair in use, or empty when there is none or it has expired. */
    public Optional<CertificateAndKey> current() {
        if (current != null && ctx.clock().now().isAfter(current.certificate().getNotAfter().toInstant())) {
            logf("Current certificate is expired");
            return Optional.empty();
        }
        return Optional.ofNullable(current);
    }

    public boolean serverHealthy() {
        return serverHealthy;
    }

    public Phase phase() {
        return phase;
    }

    public void start() {
        logf("Certificate rotation is enabled");
        scheduleNext();
    }

    public void stop() {
        if (timer != null) {
            timer.cancel();
        }
        phase(Phase.STOPPED, "stopped");
    }

    private void scheduleNext() {
        if (phase == Phase.STOPPED) {
            return;
        }
        Instant at = nextRotationDeadline();
        Duration wait = Duration.between(ctx.clock().now(), at);
        failures = 0;
        if (wait.isNegative() || wait.isZero()) {
            rotate();
            return;
        }
        logf("Waiting " + GoDurations.format(wait) + " for next certificate rotation");
        phase(Phase.WAITING_FOR_DEADLINE, "deadline " + at);
        timer = ctx.scheduler().schedule(wait, this::rotate);
    }

    private Instant nextRotationDeadline() {
        Instant now = ctx.clock().now();
        if (forceRotation) {
            forceRotation = false;
            return now;
        }
        if (current == null) {
            return now;
        }
        CertificateTemplate t = template.get();
        Optional<String> unsatisfied = t == null ? Optional.empty() : t.unsatisfiedBy(current.certificate());
        if (unsatisfied.isPresent()) {
            logf(unsatisfied.get());
            return now;
        }
        Instant notAfter = current.certificate().getNotAfter().toInstant();
        Instant at = deadline.of(current.certificate());
        if (release.structuredCertificateLogs()) {
            ctx.log().info(source, "\"Certificate rotation deadline determined\" logger=\"" + name
                    + "\" expiration=\"" + notAfter + "\" deadline=\"" + at + "\"");
        } else {
            logf("Certificate expiration is " + GoDurations.time(notAfter) + ", rotation deadline is "
                    + GoDurations.time(at));
        }
        ctx.tracer().emit("kubelet.certificate.deadline", "store", store.prefix(), "notAfter", notAfter.toString(),
                "deadline", at.toString());
        return at;
    }

    /** One attempt; on failure the backoff decides when the next one runs. */
    private void rotate() {
        CertificateTemplate t = template.get();
        if (t == null || phase == Phase.STOPPED) {
            return; // no template yet (a serving certificate before the node's addresses are known)
        }
        logf("Rotating certificates");
        phase(Phase.REQUESTING, "rotating");
        KeyPair pair = Keys.generate(KeyType.ECDSA_P256, keys);
        CertificateRequest csr = CertificateRequest.create(pair, t.subject(), t.dnsNames(), t.ipAddresses(), keys);
        List<String> usages = KubeletCsr.usages(release, serving, pair.getPublic());
        RestClient client = clientFor.apply(current().orElse(null));
        CsrRequest request = new CsrRequest(client, ctx.scheduler(), ctx.log(), release, source);
        request.request(v -> KubeletCsr.object(release, v, "", csr, signerName, usages), CERTIFICATE_WAIT_TIMEOUT,
                outcome -> {
                    if (phase == Phase.STOPPED) {
                        return;
                    }
                    if (outcome instanceof CsrRequest.Issued issued) {
                        stored(issued, pair);
                    } else {
                        CsrRequest.Failed failed = (CsrRequest.Failed) outcome;
                        if (failed.created()) {
                            ctx.log().error(source, prefix() + "certificate request was not signed: " + failed.error());
                        } else {
                            ctx.log().error(source, prefix()
                                    + "Failed while requesting a signed certificate from the control plane: "
                                    + failed.error());
                            serverHealthy = CsrRequest.serverHealthy(failed.cause());
                        }
                        ctx.tracer().emit("kubelet.certificate.failed", "store", store.prefix(), "error", failed.error());
                        backOff();
                    }
                });
    }

    private void stored(CsrRequest.Issued issued, KeyPair pair) {
        try {
            var chain = Pem.certificates(issued.certificatePem(), "csr " + issued.name());
            CertificateAndKey fresh = new CertificateAndKey(chain, pair.getPrivate());
            var file = store.update(fresh, ctx.clock().now());
            current = fresh;
            serverHealthy = true;
            ctx.tracer().emit("kubelet.file.written", "path", file.toString(), "mode", "0600", "link",
                    store.currentPath().toString());
            onNewCertificate.accept(fresh);
            scheduleNext();
        } catch (PemException | IOException e) {
            ctx.log().error(source, prefix() + "Unable to store the new cert/key pair: " + e.getMessage());
            backOff();
        }
    }

    // upstream: wait.ExponentialBackoff{2s, x2, jitter 0.1, 5 steps}, then wait.PollInfinite(32s)
    private void backOff() {
        failures++;
        Duration wait;
        if (failures < 5) {
            Duration base = BACKOFF[failures - 1];
            wait = base.plusNanos((long) (ctx.random().stream(store.prefix() + "/backoff").nextDouble() * 0.1
                    * base.toNanos()));
        } else {
            if (failures == 5) {
                ctx.log().error(source, prefix() + "Reached backoff limit, still unable to rotate certs: "
                        + "timed out waiting for the condition");
            }
            wait = POLL;
        }
        phase(Phase.BACKING_OFF, "attempt " + failures + " failed, next in " + GoDurations.format(wait));
        timer = ctx.scheduler().schedule(wait, this::rotate);
    }

    private void phase(Phase next, String reason) {
        if (next != phase) {
            ctx.tracer().emit("kubelet.certificate.phase", "store", store.prefix(), "from", phase.name(), "to",
                    next.name(), "reason", reason);
            phase = next;
        }
    }

    private String prefix() {
        return release.structuredCertificateLogs() ? "" : name + ": ";
    }

    private void logf(String message) {
        if (release.structuredCertificateLogs()) {
            ctx.log().info(source, "\"" + message + "\" logger=\"" + name + "\"");
        } else {
            ctx.log().info(source, name + ": " + message);
        }
    }

}
