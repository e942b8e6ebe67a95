package io.bootsim.apiserver;

import io.bootsim.apiserver.admission.AdmissionPlugins;
import io.bootsim.apiserver.authentication.InvalidTokenFileException;
import io.bootsim.apiserver.authentication.ServiceAccountOptions;
import io.bootsim.apiserver.authentication.TokenFile;
import io.bootsim.apiserver.authorization.AuthorizationOptions;
import io.bootsim.apiserver.options.KubeApiServerFlags;
import io.bootsim.apiserver.server.ServingCertificate;
import io.bootsim.core.flags.ParsedFlags;
import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.pki.CertificateSpec;
import io.bootsim.core.pki.Certificates;
import io.bootsim.core.pki.KeyType;
import io.bootsim.core.pki.Keys;
import io.bootsim.core.pki.Pem;
import io.bootsim.core.pki.PemException;
import io.bootsim.core.pki.Subject;
import io.bootsim.core.runtime.ComponentContext;
import io.bootsim.core.runtime.FileSystemRoot;
import io.bootsim.core.version.KubeVersion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * kube-apiserver's flags turned into what the server runs with: files read, certificates parsed,
 * the serving certificate generated when none is given. Everything that makes the real binary
 * refuse to start fails here with its words.
 */
public record KubeApiServerConfig(KubeVersion version, int verbosity, String bindAddress, int securePort,
                                  int http2MaxStreamsPerConnection, ServingCertificate serving, List<X509Certificate> clientCAs,
                                  Optional<TokenFile> tokenFile, boolean bootstrapTokenAuth, boolean anonymousAuth,
                                  AuthorizationOptions authorization, List<String> admissionPlugins,
                                  Map<String, Boolean> featureGates, Optional<CertificateAndKey> kubeletClientCertificate,
                                  List<X509Certificate> kubeletCertificateAuthority,
                                  List<String> kubeletPreferredAddressTypes, Duration kubeletTimeout,
                                  ServiceAccountOptions serviceAccounts, List<String> warnings) {

    /** The same configuration listening elsewhere: the scenario runner serves on a free loopback port. */
    public KubeApiServerConfig listeningOn(String address, int port) {
        return new KubeApiServerConfig(version, verbosity, address, port, http2MaxStreamsPerConnection, serving, clientCAs, tokenFile, bootstrapTokenAuth,
                anonymousAuth, authorization, admissionPlugins, featureGates, kubeletClientCertificate,
                kubeletCertificateAuthority, kubeletPreferredAddressTypes, kubeletTimeout, serviceAccounts, warnings);
    }

    public static KubeApiServerConfig load(KubeApiServerFlags f, ParsedFlags p, FileSystemRoot root,
                                           ComponentContext context) throws StartupException {
        KubeVersion version;
        try {
            version = f.componentBase.emulatedVersion(p);
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage());
        }
        List<String> warnings = new ArrayList<>();
        long port = p.get(f.securePort);
        if (port < 1 || port > 65535) {
            // upstream: staging/src/k8s.io/apiserver/pkg/server/options/serving.go Validate
            throw new StartupException("--secure-port " + port + " must be between 1 and 65535, inclusive. "
                    + "It cannot be turned off with 0");
        }
        AuthorizationOptions authorization = new AuthorizationOptions(p.get(f.authorizationMode),
                p.get(f.authorizationPolicyFile).isEmpty() ? "" : root.resolve(p.get(f.authorizationPolicyFile)).toString(),
                p.get(f.authorizationWebhookConfigFile));
        String invalid = authorization.validationError(version);
        if (invalid != null) {
            throw new StartupException(invalid);
        }

        AdmissionPlugins.Selection admission = AdmissionPlugins.select(version, p.get(f.enableAdmissionPlugins),
                p.get(f.disableAdmissionPlugins),
                p.isSet(f.admissionControl) ? Optional.of(p.get(f.admissionControl)) : Optional.empty());
        if (admission instanceof AdmissionPlugins.Invalid invalidPlugins) {
            List<String> errors = invalidPlugins.errors();
            throw new StartupException(errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]");
        }

        Optional<TokenFile> tokens = Optional.empty();
        if (!p.get(f.tokenAuthFile).isEmpty()) {
            try {
                TokenFile file = TokenFile.load(root.resolve(p.get(f.tokenAuthFile)), version);
                warnings.addAll(file.warnings());
                tokens = Optional.of(file);
            } catch (InvalidTokenFileException e) {
                throw new StartupException(e.getMessage());
            }
        }

        List<X509Certificate> clientCAs = p.get(f.clientCaFile).isEmpty() ? List.of()
                : certificates(root.resolve(p.get(f.clientCaFile)), "client-ca-file");

        ServingCertificate serving = p.get(f.tlsCertFile).isEmpty()
                ? selfSigned(root.resolve(p.get(f.certDir)), p.get(f.bindAddress), context)
                : serving(root.resolve(p.get(f.tlsCertFile)), root.resolve(p.get(f.tlsPrivateKeyFile)));

        Optional<CertificateAndKey> kubeletClient = Optional.empty();
        if (!p.get(f.kubeletClientCertificate).isEmpty() || !p.get(f.kubeletClientKey).isEmpty()) {
            kubeletClient = Optional.of(pair(root.resolve(p.get(f.kubeletClientCertificate)),
                    root.resolve(p.get(f.kubeletClientKey))));
        }
        List<X509Certificate> kubeletCA = p.get(f.kubeletCertificateAuthority).isEmpty() ? List.of()
                : certificates(root.resolve(p.get(f.kubeletCertificateAuthority)), "kubelet-certificate-authority");

        return new KubeApiServerConfig(version, p.get(f.componentBase.verbosity()), p.get(f.bindAddress), (int) port,
                http2MaxStreams(p.get(f.http2MaxStreamsPerConnection), version), serving, clientCAs, tokens, p.get(f.enableBootstrapTokenAuth), p.get(f.anonymousAuth), authorization,
                ((AdmissionPlugins.Enabled) admission).plugins(), p.get(f.featureGates), kubeletClient, kubeletCA,
                p.get(f.kubeletPreferredAddressTypes), p.get(f.kubeletTimeout),
                serviceAccounts(f, p, root, version, warnings), warnings);
    }

    /**
     * The h2 stream limit the secure port announces. Zero (the default) or less meant Go's server
     * default, 250, until the HTTP/2 rapid-reset fix (CVE-2023-44487) made it 100 to match Go's
     * clients, in every release from 1.25 on (k8s.io/apiserver pkg/server/secure_serving.go).
     */
    static int http2MaxStreams(long flag, KubeVersion version) {
        if (flag > 0) {
            return (int) Math.min(flag, Integer.MAX_VALUE);
        }
        return version.atLeast(1, 25) ? 100 : 250;
    }

    /**
     * The service-account flags of the emulated release. TokenRequest exists from 1.10 (alpha, behind
     * its gate until 1.12) and needs an issuer and a signing key together; verification keys default
     * to the serving key when that is an RSA or ECDSA key. From 1.20 upstream refuses to start without
     * issuer and signing key; bootsim starts without them (TokenRequest is then not served), so that
     * scenarios written without them keep running.
     */
    // upstream: cmd/kube-apiserver/app/server.go (Complete), pkg/kubeapiserver/options/authentication.go
    private static ServiceAccountOptions serviceAccounts(KubeApiServerFlags f, ParsedFlags p, FileSystemRoot root,
                                                         KubeVersion version, List<String> warnings) throws StartupException {
        List<String> issuers = p.get(f.serviceAccountIssuer);
        String signingKeyFile = p.get(f.serviceAccountSigningKeyFile);
        if (!version.atLeast(1, 10)) {
            for (var flag : List.of(f.serviceAccountIssuer, f.serviceAccountSigningKeyFile, f.apiAudiences)) {
                if (p.isSet(flag)) {
                    throw new StartupException("unknown flag: --" + flag.name());
                }
            }
        }
        if (!version.atLeast(1, 22) && issuers.size() > 1) {
            issuers = List.of(issuers.get(issuers.size() - 1)); // a plain string flag before 1.22: the last one wins
        }
        boolean tokenRequestGate = p.get(f.featureGates).getOrDefault("TokenRequest", version.atLeast(1, 12));
        if (!issuers.isEmpty() || !signingKeyFile.isEmpty()) {
            if (!tokenRequestGate) {
                throw new StartupException("the TokenRequest feature is not enabled but --service-account-signing-key-file "
                        + "and/or --service-account-issuer-id flags were passed");
            }
            if (issuers.isEmpty() || signingKeyFile.isEmpty()) {
                throw new StartupException(version.atLeast(1, 20)
                        ? "--service-account-signing-key-file and --service-account-issuer are required flags"
                        : "service-account-signing-key-file and service-account-issuer should be provided together");
            }
        }
        Optional<PrivateKey> signingKey = Optional.empty();
        if (!signingKeyFile.isEmpty()) {
            Path file = root.resolve(signingKeyFile);
            try {
                signingKey = Optional.of(Pem.privateKey(read(file), file.toString()));
            } catch (PemException e) {
                throw new StartupException("failed to parse service-account-issuer-key-file: " + e.getMessage());
            }
        }
        List<String> keyFiles = p.get(f.serviceAccountKeyFile);
        List<PublicKey> keys = new ArrayList<>();
        for (String keyFile : keyFiles) {
            Path file = root.resolve(keyFile);
            try {
                keys.addAll(Pem.publicKeys(read(file), file.toString()));
            } catch (PemException e) {
                throw new StartupException("error reading public key file " + file + ": " + e.getMessage());
            }
        }
        if (keyFiles.isEmpty() && !p.get(f.tlsPrivateKeyFile).isEmpty()) {
            Path file = root.resolve(p.get(f.tlsPrivateKeyFile));
            try {
                keys.addAll(Pem.publicKeys(read(file), file.toString()));
            } catch (PemException e) {
                warnings.add("No TLS key provided, service account token authentication disabled");
            }
        }
        List<String> audiences = p.get(f.apiAudiences).isEmpty() ? issuers : p.get(f.apiAudiences);
        return new ServiceAccountOptions(keys, p.get(f.serviceAccountLookup), issuers, signingKey, audiences);
    }

    private static byte[] read(Path file) throws StartupException {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new StartupException("open " + file + ": no such file or directory");
        } catch (IOException e) {
            throw new StartupException("open " + file + ": " + e.getMessage());
        }
    }

    // upstream: k8s.io/apiserver pkg/server/dynamiccertificates/dynamic_cafile_content.go
    private static List<X509Certificate> certificates(Path file, String flag) throws StartupException {
        try {
            List<X509Certificate> certs = Pem.certificates(read(file), file.toString());
            if (certs.isEmpty()) {
                throw new StartupException("failed to load --" + flag + " " + file + ": data does not contain any valid RSA or ECDSA certificates");
            }
            return certs;
        } catch (PemException e) {
            throw new StartupException("failed to load --" + flag + " " + file + ": " + e.getMessage());
        }
    }

    private static CertificateAndKey pair(Path cert, Path key) throws StartupException {
        try {
            return CertificateAndKey.parse(read(cert), cert.toString(), read(key), key.toString());
        } catch (PemException e) {
            throw new StartupException("failed to load key pair " + cert + ", " + key + ": " + e.getMessage());
        }
    }

    private static ServingCertificate serving(Path cert, Path key) throws StartupException {
        CertificateAndKey pair = pair(cert, key);
        return new ServingCertificate(pair.certificates(), pair.privateKey());
    }

    /**
     * No --tls-cert-file: like upstream, reuse {@code apiserver.crt}/{@code apiserver.key} in
     * --cert-dir, or generate a self-signed CA and a serving certificate for localhost and the
     * bind address there (k8s.io/client-go util/cert GenerateSelfSignedCertKeyWithFixtures).
     */
    private static ServingCertificate selfSigned(Path certDir, String bindAddress, ComponentContext context)
            throws StartupException {
        Path cert = certDir.resolve("apiserver.crt");
        Path key = certDir.resolve("apiserver.key");
        if (Files.exists(cert) && Files.exists(key)) {
            return serving(cert, key);
        }
        SecureRandom random = context.random().stream("self-signed-serving");
        Instant now = context.clock().now();
        String host = "localhost";
        KeyPair caKey = Keys.generate(KeyType.RSA_2048, random);
        X509Certificate ca = Certificates.selfSigned(CertificateSpec.builder(
                        Subject.of(host + "-ca@" + now.getEpochSecond()))
                .ca(true).usages("digital signature", "key encipherment", "cert sign")
                .validity(now, now.plus(Duration.ofDays(365))).build(), caKey, random);
        KeyPair servingKey = Keys.generate(KeyType.RSA_2048, random);
        CertificateSpec.Builder spec = CertificateSpec.builder(Subject.of(host + "@" + now.getEpochSecond()))
                .dnsNames(host).usages("digital signature", "key encipherment", "server auth")
                .validity(now, now.plus(Duration.ofDays(365)));
        List<String> ips = new ArrayList<>(List.of("127.0.0.1"));
        if (!bindAddress.equals("0.0.0.0") && !bindAddress.equals("127.0.0.1") && !bindAddress.equals("::")) {
            ips.add(bindAddress);
        }
        spec.ipAddresses(ips.toArray(String[]::new));
        X509Certificate serving = Certificates.sign(spec.build(), servingKey.getPublic(), ca, caKey.getPrivate(), random);
        try {
            Files.createDirectories(certDir);
            Files.writeString(cert, Pem.encodeCertificates(List.of(serving, ca)));
            Files.writeString(key, Pem.encodePrivateKey(servingKey.getPrivate()));
        } catch (IOException e) {
            throw new StartupException("unable to generate self signed cert: " + e.getMessage());
        }
        return new ServingCertificate(List.of(serving, ca), servingKey.getPrivate());
    }
}
