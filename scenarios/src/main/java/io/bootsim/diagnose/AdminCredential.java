package io.bootsim.diagnose;

import io.bootsim.core.pki.CertificateAndKey;
import io.bootsim.core.pki.PemException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How the run's kubectl steps (applying --manifests, printing the final state) reach the
 * apiserver as a cluster administrator, in order of preference: kubeadm's admin.conf; a token
 * in --token-auth-file whose group is system:masters; a certificate bootsim issues from the
 * client CA, when the control plane holds that CA's key. None of them changes what the
 * components themselves see.
 */
sealed interface AdminCredential {

    String ADMIN_CONF = "/etc/kubernetes/admin.conf";

    /** An admin kubeconfig already on the control plane. */
    record Existing(String path) implements AdminCredential {
    }

    /** A kubeconfig bootsim writes with this token. */
    record Token(String token, String user) implements AdminCredential {
    }

    /** A system:masters certificate issued in the run by the CA in these control-plane files. */
    record IssuedByClientCa(String caCert, Path caCertFile, Path caKeyFile) implements AdminCredential {
    }

    static Optional<AdminCredential> find(ClusterSnapshot s) throws IOException {
        if (s.control().add(ADMIN_CONF)) {
            Optional<String> text = s.control().text(ADMIN_CONF);
            if (text.isPresent() && KubeconfigFile.parse(text.get(), ADMIN_CONF, ADMIN_CONF, "kubectl", new ArrayList<>())
                    .map(k -> {
                        k.referencedFiles().forEach(f -> addQuietly(s.control(), f));
                        return true;
                    }).orElse(false)) {
                return Optional.of(new Existing(ADMIN_CONF));
            }
        }
        Optional<String> tokenFile = s.apiserver().flatMap(a -> a.value("token-auth-file"));
        if (tokenFile.isPresent()) {
            Optional<String> text = s.control().text(tokenFile.get());
            if (text.isPresent()) {
                for (TokenCsv.Entry e : TokenCsv.parse(text.get(), tokenFile.get(), new ArrayList<>()).entries()) {
                    if (!e.token().isEmpty() && e.groups().contains("system:masters")) {
                        return Optional.of(new Token(e.token(), e.user()));
                    }
                }
            }
        }
        Optional<String> clientCa = s.apiserver().flatMap(a -> a.value("client-ca-file"));
        if (clientCa.isEmpty() || !s.control().files.containsKey(clientCa.get())) {
            return Optional.empty();
        }
        for (String key : keyCandidates(s, clientCa.get())) {
            if (!s.control().files.containsKey(key) && !s.control().add(key)) {
                continue;
            }
            Path certFile = s.control().files.get(clientCa.get());
            Path keyFile = s.control().files.get(key);
            try {
                CertificateAndKey.parse(Files.readAllBytes(certFile), clientCa.get(), Files.readAllBytes(keyFile), key);
                return Optional.of(new IssuedByClientCa(clientCa.get(), certFile, keyFile));
            } catch (PemException e) {
                // not this CA's key: try the next candidate
            }
        }
        return Optional.empty();
    }

    /** Where a CA's key usually is: the signing key when the signing CA is the client CA, else next to it. */
    private static List<String> keyCandidates(ClusterSnapshot s, String caPath) {
        List<String> out = new ArrayList<>();
        s.controllerManager().flatMap(c -> c.value("cluster-signing-key-file")).ifPresent(out::add);
        if (caPath.endsWith(".crt")) {
            out.add(caPath.substring(0, caPath.length() - 4) + ".key");
        }
        if (caPath.endsWith(".pem")) {
            out.add(caPath.substring(0, caPath.length() - 4) + "-key.pem");
            out.add(caPath.substring(0, caPath.length() - 4) + ".key");
        }
        return out;
    }

    private static void addQuietly(HostFiles files, String path) {
        try {
            files.add(path);
        } catch (IOException e) {
            // the kubectl steps then fail with kubectl's own message, which the report shows
        }
    }
}
