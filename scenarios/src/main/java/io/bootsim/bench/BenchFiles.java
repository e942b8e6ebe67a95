package io.bootsim.bench;

import io.bootsim.core.kubeconfig.AuthInfo;
import io.bootsim.core.kubeconfig.Cluster;
import io.bootsim.core.kubeconfig.Context;
import io.bootsim.core.kubeconfig.Kubeconfig;
import io.bootsim.core.kubeconfig.KubeconfigWriter;
import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.pki.CertificateSpec;
import io.bootsim.core.pki.Certificates;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.pki.Keys;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.Subject;
import io.bootsim.core.random.RandomStreams;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;

/**
 * The files a kubeadm-style cluster is started from, written under one directory: the cluster CA
 * (the bench's CA type), the apiserver's serving pair and the controller-manager's client pair
 * signed by it (in system:masters, as the seed flow's), token.csv with an admin token and the bootstrap token, bootstrap.kubeconfig, and
 * one serving pair that every kubelet is given with --tls-cert-file (so no node spends its start
 * on a self-signed RSA key that is no part of TLS bootstrapping).
 */
public record BenchFiles(Path dir, CertificateAndKey ca, CertificateAndKey apiserver, CertificateAndKey controllerManager,
                         String server) {

    public static final String ADMIN_TOKEN = "b3c1e2a4d5f60718293a4b5c6d7e8f90";
    public static final String BOOTSTRAP_TOKEN = "07401b6f3d4b4e1e9a9c8b7a6f5e4d3c";

    /** Makes the PKI for {@code caType} (server and client keys of the same type) and writes every file. */
    public static BenchFiles write(Path dir, KeyType caType, int apiserverPort, RandomStreams random) throws IOException {
        SecureRandom r = random.stream("bench/pki");
        Instant now = Instant.now();
        KeyPair caKeys = Keys.generate(caType, r);
        X509Certificate caCert = Certificates.selfSigned(CertificateSpec.builder(Subject.of("kubernetes"))
                .ca(true).usages("digital signature", "key encipherment", "cert sign")
                .validity(now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365))).build(), caKeys, r);
        CertificateAndKey ca = new CertificateAndKey(caCert, caKeys.getPrivate());
        CertificateAndKey apiserver = issue(ca, caType, CertificateSpec.builder(Subject.of("kube-apiserver"))
                .usages("digital signature", "key encipherment", "server auth")
                .dnsNames("localhost", "kubernetes").ipAddresses("127.0.0.1"), now, r);
        CertificateAndKey kcm = issue(ca, caType, CertificateSpec.builder(Subject.of("system:kube-controller-manager", "system:masters"))
                .usages("digital signature", "key encipherment", "client auth"), now, r);
        CertificateAndKey kubeletServing = issue(ca, KeyType.ECDSA_P256, CertificateSpec.builder(Subject.of("kubelet"))
                .usages("digital signature", "key encipherment", "server auth").ipAddresses("127.0.0.1"), now, r);

        Files.createDirectories(dir);
        writePair(dir, "ca", ca);
        writePair(dir, "apiserver", apiserver);
        writePair(dir, "kubelet-serving", kubeletServing);
        Files.writeString(dir.resolve("token.csv"), ADMIN_TOKEN + ",admin,admin,\"system:masters\"\n"
                + BOOTSTRAP_TOKEN + ",kubelet-bootstrap,10001,\"system:bootstrappers\"\n");
        String server = "https://127.0.0.1:" + apiserverPort;
        Kubeconfig bootstrap = Kubeconfig.empty()
                .withCluster("kubernetes", Cluster.server(server).withCertificateAuthorityData(
                        Pem.encodeCertificate(caCert).getBytes(StandardCharsets.UTF_8)))
                .withUser("kubelet-bootstrap", AuthInfo.token(BOOTSTRAP_TOKEN))
                .withContext("default", new Context("kubernetes", "kubelet-bootstrap"))
                .withCurrentContext("default");
        KubeconfigWriter.write(bootstrap, dir.resolve("bootstrap.kubeconfig"));
        return new BenchFiles(dir, ca, apiserver, kcm, server);
    }

    private static CertificateAndKey issue(CertificateAndKey ca, KeyType type, CertificateSpec.Builder spec, Instant now,
                                           SecureRandom r) {
        KeyPair keys = Keys.generate(type, r);
        X509Certificate cert = Certificates.sign(spec.validity(now.minus(Duration.ofHours(1)),
                now.plus(Duration.ofDays(365))).build(), keys.getPublic(), ca.certificate(), ca.privateKey(), r);
        return new CertificateAndKey(cert, keys.getPrivate());
    }

    private static void writePair(Path dir, String name, CertificateAndKey pair) throws IOException {
        Files.writeString(dir.resolve(name + ".pem"), Pem.encodeCertificate(pair.certificate()));
        Files.writeString(dir.resolve(name + "-key.pem"), Pem.encodePrivateKey(pair.privateKey()));
    }

    public String path(String name) {
        return dir.resolve(name).toString();
    }
}
