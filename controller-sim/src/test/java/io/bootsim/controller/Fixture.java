package io.bootsim.controller;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.controller.certificates.Csr;
import io.bootsim.core.api.Json;
import io.bootsim.core.client.FakeApi;
import io.bootsim.core.log.LogLine;
import io.bootsim.core.pki.CertificateRequest;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.pki.Keys;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.Subject;
import io.bootsim.core.random.RandomStreams;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.time.VirtualClock;
import io.bootsim.core.time.VirtualScheduler;
import io.bootsim.core.trace.MemoryTrace;
import io.bootsim.core.trace.TraceEvent;
import io.bootsim.core.version.KubeVersion;

import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** A simulated-mode world for controller tests: virtual clock and scheduler, a FakeApi, trace and logs. */
public final class Fixture {

    public static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

    public final VirtualClock clock = new VirtualClock(NOW);
    public final VirtualScheduler scheduler = new VirtualScheduler(clock);
    public final FakeApi api = new FakeApi(scheduler);
    public final MemoryTrace trace = new MemoryTrace();
    public final List<LogLine> logs = new ArrayList<>();
    public final ComponentContext context = ComponentContext.of("kube-controller-manager", clock, scheduler,
            RandomStreams.seeded(7), trace, 4, logs::add);
    private final SecureRandom random = RandomStreams.seeded(3).stream("csr-keys");
    private int counter;

    public List<String> logMessages() {
        return logs.stream().map(LogLine::message).toList();
    }

    public List<TraceEvent> events(String type) {
        return trace.events().stream().filter(e -> e.type().equals(type)).toList();
    }

    /** A CSR object as the apiserver stores it. */
    public ObjectNode csr(KubeVersion version, String username, String signerName, List<String> usages, CertificateRequest req) {
        ObjectNode csr = Json.object();
        csr.put("apiVersion", "certificates.k8s.io/" + Csr.apiVersion(version)).put("kind", "CertificateSigningRequest");
        csr.putObject("metadata").put("name", "csr-" + (++counter)).put("creationTimestamp", clock.now().toString());
        ObjectNode spec = csr.putObject("spec");
        spec.put("request", Base64.getEncoder().encodeToString(Pem.encodeCertificateRequest(req).getBytes(StandardCharsets.US_ASCII)));
        if (!signerName.isEmpty()) {
            spec.put("signerName", signerName);
        }
        usages.forEach(spec.withArray("usages")::add);
        spec.put("username", username);
        spec.putArray("groups").add("system:bootstrappers").add("system:authenticated");
        return csr;
    }

    public CertificateRequest request(KeyType type, Subject subject, List<String> dns, List<String> ips, List<String> emails,
                                      List<URI> uris) {
        KeyPair keys = Keys.generate(type, random);
        List<InetAddress> addresses = ips.stream().map(io.bootsim.core.pki.CertificateSpec::ipLiteral).toList();
        return CertificateRequest.create(keys, subject, dns, addresses, emails, uris, random);
    }

    public CertificateRequest request(Subject subject) {
        return request(KeyType.ECDSA_P256, subject, List.of(), List.of(), List.of(), List.of());
    }
}
