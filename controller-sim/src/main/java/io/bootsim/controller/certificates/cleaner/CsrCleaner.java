package io.bootsim.controller.certificates.cleaner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.controller.certificates.Csr;
import io.bootsim.core.client.ApiTransport;
import io.bootsim.core.client.Informer;
import io.bootsim.core.http.HttpRequest;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.PemBlock;
import io.bootsim.core.pki.PemException;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.time.Periodic;
import io.bootsim.core.time.Scheduler;
import io.bootsim.core.version.KubeVersion;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * csrcleaner: every hour (first at start) walks the cached CSRs and deletes those that are done
 * with: issued, denied or failed more than an hour ago (by the condition's lastUpdateTime), pending
 * more than a day (by creationTimestamp), or issued with a certificate that has expired. The passes
 * are a steady {@link Periodic} observer whose next action is when the first cached CSR becomes
 * deletable: that pass is a milestone.
 */
// upstream: pkg/controller/certificates/cleaner/cleaner.go
public final class CsrCleaner {

    public static final Duration POLLING_INTERVAL = Duration.ofHours(1);
    static final Duration APPROVED_EXPIRATION = Duration.ofHours(1);
    static final Duration DENIED_EXPIRATION = Duration.ofHours(1);
    static final Duration PENDING_EXPIRATION = Duration.ofHours(24);

    /** Why a CSR is deleted; {@code logText} is what the controller logs. */
    public record Verdict(String reason, String logText) {
    }

    private final ApiTransport api;
    private final Informer csrs;
    private final KubeVersion version;
    private final ComponentContext context;
    private Scheduler.Timer timer;

    public CsrCleaner(ApiTransport api, Informer csrs, KubeVersion version, ComponentContext context) {
        this.api = api;
        this.csrs = csrs;
        this.version = version;
        this.context = context;
    }

    public void start() {
        // wait.Until runs at once, then every interval; the informer is normally synced by then in
        // simulated time, and a pass over an empty cache is harmless
        timer = context.scheduler().schedule(Duration.ZERO, this::pass);
    }

    private Periodic passes() {
        return Periodic.observer(context.component(), "csrcleaner passes", POLLING_INTERVAL)
                .actingFrom(this::firstDeletable);
    }

    /** The earliest instant at which a cached CSR, as it is now, would be deleted. */
    private Optional<Instant> firstDeletable() {
        Optional<Instant> first = Optional.empty();
        for (ObjectNode object : csrs.store().list()) {
            Optional<Instant> at = deletableFrom(new Csr(object));
            if (at.isPresent() && (first.isEmpty() || at.get().isBefore(first.get()))) {
                first = at;
            }
        }
        return first;
    }

    public void stop() {
        if (timer != null) {
            timer.cancel();
        }
    }

    private void pass() {
        for (ObjectNode object : csrs.store().list()) {
            Csr csr = new Csr(object);
            verdict(csr, context.clock().now()).ifPresent(v -> delete(csr, v));
        }
        timer = context.scheduler().schedule(POLLING_INTERVAL, passes(), this::pass);
    }

    private void delete(Csr csr, Verdict verdict) {
        context.log().info("cleaner.go", verdict.logText());
        api.send(HttpRequest.delete(Csr.collectionPath(version) + "/" + csr.name()), result -> {
            if (!result.isSuccess()) {
                context.log().error("cleaner.go", "unable to delete CSR \"" + csr.name() + "\": " + result.goError());
                return;
            }
            context.tracer().emit("controller.csrcleaner", "csr", csr.name(), "decision", "deleted", "reason", verdict.reason());
        });
    }

    /** Whether the cleaner deletes {@code csr} at {@code now}, checked in upstream's order. */
    public Optional<Verdict> verdict(Csr csr, Instant now) {
        String name = csr.name();
        boolean structured = version.atLeast(1, 22);
        for (Csr.Condition c : csr.conditions()) {
            if (c.type().equals(Csr.Condition.APPROVED) && csr.isIssued() && olderThan(c.lastUpdateTime(), APPROVED_EXPIRATION, now)) {
                return Optional.of(log(structured, name, "approved", APPROVED_EXPIRATION, "approvedExpiration"));
            }
        }
        for (Csr.Condition c : csr.conditions()) {
            if (c.type().equals(Csr.Condition.DENIED) && olderThan(c.lastUpdateTime(), DENIED_EXPIRATION, now)) {
                return Optional.of(log(structured, name, "denied", DENIED_EXPIRATION, "deniedExpiration"));
            }
        }
        for (Csr.Condition c : csr.conditions()) {
            if (c.type().equals(Csr.Condition.FAILED) && olderThan(c.lastUpdateTime(), DENIED_EXPIRATION, now)) {
                return Optional.of(log(structured, name, "failed", DENIED_EXPIRATION, "deniedExpiration"));
            }
        }
        if (csr.conditions().isEmpty() && olderThan(csr.creationTimestamp(), PENDING_EXPIRATION, now)) {
            return Optional.of(log(structured, name, "unhandled", PENDING_EXPIRATION, "pendingExpiration"));
        }
        for (Csr.Condition c : csr.conditions()) {
            if (c.type().equals(Csr.Condition.APPROVED) && csr.isIssued() && certificateExpired(csr.certificate(), now)) {
                return Optional.of(new Verdict("certificate expired", structured
                        ? "\"Cleaning CSR as the associated certificate is expired.\" csr=\"" + name + "\""
                        : "Cleaning CSR \"" + name + "\" as the associated certificate is expired."));
            }
        }
        return Optional.empty();
    }

    /**
     * When {@link #verdict} first deletes {@code csr} as it is: the least of the instants its rules
     * name (each an instant past a threshold) at which the verdict holds; empty if none ever does.
     */
    public Optional<Instant> deletableFrom(Csr csr) {
        List<Instant> candidates = new ArrayList<>();
        for (Csr.Condition c : csr.conditions()) {
            if (c.lastUpdateTime() != null) {
                candidates.add(c.lastUpdateTime().plus(APPROVED_EXPIRATION).plusNanos(1));
                candidates.add(c.lastUpdateTime().plus(DENIED_EXPIRATION).plusNanos(1));
            }
        }
        if (csr.creationTimestamp() != null) {
            candidates.add(csr.creationTimestamp().plus(PENDING_EXPIRATION).plusNanos(1));
        }
        if (csr.isIssued()) {
            certificateNotAfter(csr.certificate()).ifPresent(t -> candidates.add(t.plusNanos(1)));
        }
        return candidates.stream().sorted().filter(t -> verdict(csr, t).isPresent()).findFirst();
    }

    private static Verdict log(boolean structured, String name, String state, Duration age, String key) {
        String go = age.toHours() + "h0m0s";
        String text = structured
                ? "\"Cleaning CSR as it is more than " + key + " duration old and " + state + ".\" csr=\"" + name + "\" " + key + "=\"" + go + "\""
                : "Cleaning CSR \"" + name + "\" as it is more than " + go + " old and " + state + ".";
        return new Verdict(state + " more than " + go + " ago", text);
    }

    /** A zero time never counts as old. */
    private static boolean olderThan(Instant t, Duration d, Instant now) {
        return t != null && Duration.between(t, now).compareTo(d) > 0;
    }

    /** Only the first PEM block counts; anything unparsable is not expired. */
    private static boolean certificateExpired(byte[] pem, Instant now) {
        return certificateNotAfter(pem).map(now::isAfter).orElse(false);
    }

    private static Optional<Instant> certificateNotAfter(byte[] pem) {
        try {
            List<PemBlock> blocks = Pem.decode(pem, "status.certificate");
            X509Certificate cert = Pem.certificate(blocks.get(0), "status.certificate");
            return Optional.of(cert.getNotAfter().toInstant());
        } catch (PemException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
