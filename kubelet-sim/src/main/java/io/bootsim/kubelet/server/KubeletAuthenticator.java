package io.bootsim.kubelet.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.http.HttpRequest;
import io.bootsim.core.http.RestClient;
import io.bootsim.core.pki.CertificateFields;
import io.bootsim.core.pki.ClientCertificateVerifier;
import io.bootsim.core.time.Clock;
import io.bootsim.core.version.KubeVersion;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The kubelet's request authenticator, as cmd/kubelet/app/auth.go builds it from the delegating
 * authenticator: client certificates verified against clientCAFile at the kubelet's clock, then
 * bearer tokens by TokenReview when the webhook is on. The first that recognises the request wins;
 * the errors of those that failed are kept, and if none recognised it an error means 401 even with
 * anonymous on (union.NewFailOnError); only a request that no authenticator had anything to say
 * about is system:anonymous.
 */
// upstream: staging/src/k8s.io/apiserver/pkg/authentication/authenticatorfactory/delegating.go,
// .../request/union/union.go, .../request/bearertoken/bearertoken.go, .../plugin/pkg/authenticator/token/webhook
final class KubeletAuthenticator {

    /** The outcome: a user and the authenticator that found it, or 401 with the error to log (null for none). */
    sealed interface Result {
        record Authenticated(UserInfo user, String authenticator) implements Result {
        }

        record Unauthorized(String error) implements Result {
        }
    }

    private final ClientCertificateVerifier x509;
    private final boolean webhook;
    private final boolean anonymous;
    private final Clock clock;
    private final Supplier<RestClient> api;

    /** @param clientCas empty when clientCAFile is not set: no x509 authenticator */
    KubeletAuthenticator(List<X509Certificate> clientCas, boolean webhook, boolean anonymous, Clock clock,
                         KubeVersion version, Supplier<RestClient> api) {
        this.x509 = clientCas.isEmpty() ? null : new ClientCertificateVerifier(clientCas, version);
        this.webhook = webhook;
        this.anonymous = anonymous;
        this.clock = clock;
        this.api = api;
    }

    /** @param peerCertificates the client's TLS chain, leaf first (empty when it sent none) */
    void authenticate(List<X509Certificate> peerCertificates, String bearerToken, Consumer<Result> then) {
        List<String> errors = new ArrayList<>(2);
        if (x509 != null && !peerCertificates.isEmpty()) {
            try {
                X509Certificate leaf = x509.verify(peerCertificates, clock.now()).get(0);
                CertificateFields.Subject subject = CertificateFields.subject(leaf);
                if (!subject.commonName().isEmpty()) { // an empty CN recognises nobody (x509.CommonNameUserConversion)
                    then.accept(new Result.Authenticated(
                            new UserInfo(subject.commonName(), "", subject.organizations()).authenticated(), "x509"));
                    return;
                }
            } catch (ClientCertificateVerifier.VerificationError e) {
                errors.add(e.getMessage());
            }
        }
        if (webhook && !bearerToken.isEmpty()) {
            tokenReview(bearerToken, (user, error) -> {
                if (user != null) {
                    then.accept(new Result.Authenticated(user.authenticated(), "webhook"));
                } else {
                    errors.add(error);
                    then.accept(orAnonymous(errors));
                }
            });
            return;
        }
        then.accept(orAnonymous(errors));
    }

    private Result orAnonymous(List<String> errors) {
        if (!errors.isEmpty()) {
            // utilerrors.NewAggregate: one error as it is, several as [a, b]
            return new Result.Unauthorized(errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]");
        }
        return anonymous ? new Result.Authenticated(UserInfo.ANONYMOUS, "anonymous") : new Result.Unauthorized(null);
    }

    private interface TokenReviewed {
        void accept(UserInfo user, String error);
    }

    private void tokenReview(String token, TokenReviewed then) {
        RestClient client = api.get();
        if (client == null) {
            then.accept(null, "the kubelet has no API client yet");
            return;
        }
        ObjectNode review = Json.object();
        review.put("apiVersion", "authentication.k8s.io/v1").put("kind", "TokenReview");
        review.putObject("spec").put("token", token);
        client.send(HttpRequest.post("/apis/authentication.k8s.io/v1/tokenreviews", review), r -> {
            if (!r.isSuccess()) {
                then.accept(null, r.goError());
                return;
            }
            JsonNode status = r.json().path("status");
            if (!status.path("authenticated").asBoolean(false)) {
                // bearertoken.go: a token nobody recognises is an error of its own
                String error = status.path("error").asText("");
                then.accept(null, error.isEmpty() ? "invalid bearer token" : error);
                return;
            }
            JsonNode user = status.path("user");
            List<String> groups = new ArrayList<>();
            user.path("groups").forEach(g -> groups.add(g.asText()));
            then.accept(new UserInfo(user.path("username").asText(), user.path("uid").asText(""), groups), null);
        });
    }
}
