package io.bootsim.scenario.world;

import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.pki.CertificateSpec;
import io.bootsim.core.pki.Certificates;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.pki.Keys;
import io.bootsim.core.pki.PemException;
import io.bootsim.core.pki.Subject;
import io.bootsim.core.random.RandomStreams;
import io.bootsim.scenario.Cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scenario's certificates, made as cfssl would (or read from the user's files), from the
 * seeded "pki" stream: the same seed gives the same keys and serials.
 */
public final class ScenarioPki {

    // A PKI is a function of its specs, start and seed: made once per JVM (RSA keys take ~100 ms each).
    private static final Map<List<Object>, ScenarioPki> MADE = new java.util.concurrent.ConcurrentHashMap<>();

    private final Map<String, CertificateAndKey> pairs;

    private ScenarioPki(Map<String, CertificateAndKey> pairs) {
        this.pairs = pairs;
    }

    /** @param scenarioDir where {@code from:} paths are read */
    public static ScenarioPki build(List<Cluster.CertificateSpec> specs, Instant now, long seed, Path scenarioDir)
            throws IOException, PemException {
        List<Object> key = List.of(specs, now, seed, scenarioDir);
        ScenarioPki made = MADE.get(key);
        if (made == null) {
            made = make(specs, now, RandomStreams.seeded(seed).child("scenario"), scenarioDir);
            MADE.put(key, made);
        }
        return made;
    }

    private static ScenarioPki make(List<Cluster.CertificateSpec> specs, Instant now, RandomStreams random, Path scenarioDir)
            throws IOException, PemException {
        SecureRandom stream = random.stream("pki");
        Map<String, CertificateAndKey> pairs = new LinkedHashMap<>();
        for (Cluster.CertificateSpec spec : specs) {
            if (spec.fromCert().isPresent()) {
                Path cert = scenarioDir.resolve(spec.fromCert().get());
                Path key = scenarioDir.resolve(spec.fromKey().orElseThrow());
                pairs.put(spec.name(), CertificateAndKey.parse(Files.readAllBytes(cert), cert.toString(),
                        Files.readAllBytes(key), key.toString()));
                continue;
            }
            KeyPair keyPair = Keys.generate(KeyType.parse(spec.keyType()), stream);
            List<String> dns = new ArrayList<>();
            List<String> ips = new ArrayList<>();
            for (String host : spec.hosts()) {
                (host.matches("[0-9.]+|.*:.*") ? ips : dns).add(host);
            }
            // cfssl backdates nothing; kubeadm and the signer do. A scenario's PKI exists before its clock starts.
            CertificateSpec cs = CertificateSpec.builder(Subject.of(spec.commonName(),
                            spec.organizations().toArray(String[]::new)))
                    .dnsNames(dns.toArray(String[]::new)).ipAddresses(ips.toArray(String[]::new))
                    .usages(spec.ca() ? List.of("digital signature", "key encipherment", "cert sign") : spec.usages())
                    .ca(spec.ca()).validity(now.minusSeconds(3600), now.plus(spec.validFor())).build();
            var certificate = spec.issuer().isEmpty() ? Certificates.selfSigned(cs, keyPair, stream)
                    : Certificates.sign(cs, keyPair.getPublic(), pairs.get(spec.issuer().get()).certificate(),
                    pairs.get(spec.issuer().get()).privateKey(), stream);
            pairs.put(spec.name(), new CertificateAndKey(certificate, keyPair.getPrivate()));
        }
        return new ScenarioPki(pairs);
    }

    public CertificateAndKey get(String name) {
        CertificateAndKey pair = pairs.get(name);
        if (pair == null) {
            throw new IllegalArgumentException("no certificate named " + name + " in cluster.pki");
        }
        return pair;
    }
}
