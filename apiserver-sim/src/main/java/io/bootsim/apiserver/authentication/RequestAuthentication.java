package io.bootsim.apiserver.authentication;

import io.bootsim.core.api.Status;
import io.bootsim.core.trace.Secret;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * kube-apiserver's request authentication chain. The x509 authenticator, then the bearer token
 * (token file, service-account tokens, then bootstrap tokens) are tried in order and the first success wins; errors are
 * collected. A success gets {@code system:authenticated} appended. If nobody succeeded, any error
 * makes the request a 401; only "nobody and no error" falls through to anonymous, when enabled.
 */
// upstream: pkg/kubeapiserver/authenticator/config.go, staging/src/k8s.io/apiserver/pkg/authentication/request/union/union.go
public final class RequestAuthentication {

    /** One authenticator's verdict, in the order they were asked; {@code credential} is redacted. */
    public record Step(String authenticator, Secret credential, AuthenticationResult result) {
    }

    /** The outcome for one request, with every step for the trace and any response warnings. */
    public sealed interface Result {
        List<Step> steps();

        List<String> warnings();
    }

    /** Authenticated by {@code authenticator} ("anonymous" for the anonymous user). */
    public record Authenticated(UserInfo user, String authenticator, List<Step> steps, List<String> warnings)
            implements Result {
    }

    /**
     * 401. {@code error} is what upstream logs as {@code "Unable to authenticate the request" err=...},
     * empty when nobody authenticated without error and anonymous is off (upstream logs nothing then).
     */
    public record Unauthorized(String error, List<Step> steps, List<String> warnings) implements Result {
        /** The body is always the same, whatever the cause. */
        public Status status() {
            return Status.unauthorized();
        }
    }

    private final Optional<X509Authenticator> x509;
    private final List<TokenAuthenticator> tokenAuthenticators;
    private final boolean anonymous;
    private final List<String> startupWarnings;

    private RequestAuthentication(Optional<X509Authenticator> x509, List<TokenAuthenticator> tokenAuthenticators,
                                  boolean anonymous, List<String> startupWarnings) {
        this.x509 = x509;
        this.tokenAuthenticators = List.copyOf(tokenAuthenticators);
        this.anonymous = anonymous;
        this.startupWarnings = List.copyOf(startupWarnings);
    }

    /** A chain of exactly these authenticators; token authenticators are asked in the given order. */
    public static RequestAuthentication of(Optional<X509Authenticator> x509, List<TokenAuthenticator> tokenAuthenticators,
                                           boolean anonymous) {
        return new RequestAuthentication(x509, tokenAuthenticators, anonymous, List.of());
    }

    /**
     * Builds the chain from the flags: token file, service-account tokens (legacy, then bound), bootstrap tokens. {@code authorizationModes}
     * matters because AlwaysAllow turns anonymous auth off
     * (upstream: pkg/kubeapiserver/options/authentication.go ApplyAuthorization).
     */
    public static RequestAuthentication build(AuthenticationOptions options, List<String> authorizationModes) {
        List<TokenAuthenticator> tokens = new ArrayList<>();
        options.tokenFile().ifPresent(tokens::add);
        tokens.addAll(options.serviceAccountTokens());
        options.bootstrapTokens().ifPresent(tokens::add);
        List<String> warnings = new ArrayList<>();
        options.tokenFile().ifPresent(f -> warnings.addAll(f.warnings()));
        boolean anonymous = options.anonymousAuth();
        if (anonymous && authorizationModes.contains("AlwaysAllow")) {
            warnings.add(Anonymous.ALWAYS_ALLOW_WARNING);
            anonymous = false;
        }
        return new RequestAuthentication(options.clientCertificates(), tokens, anonymous, warnings);
    }

    /** Warnings kube-apiserver logs at start-up while building the chain (token file, anonymous). */
    public List<String> startupWarnings() {
        return startupWarnings;
    }

    public boolean anonymousEnabled() {
        return anonymous;
    }

    public Result authenticate(AuthenticationRequest request) {
        List<Step> steps = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        Optional<Step> success = x509.map(a -> step(steps, errors, a.name(), null, a.authenticate(request.peerCertificates())))
                .filter(s -> s.result() instanceof AuthenticationResult.Authenticated);
        if (success.isEmpty() && !tokenAuthenticators.isEmpty()) {
            success = bearer(request, steps, errors, warnings);
        }
        if (success.isPresent()) {
            UserInfo user = ((AuthenticationResult.Authenticated) success.get().result()).user();
            return new Authenticated(AuthenticatedGroupAdder.add(user), success.get().authenticator(), steps, warnings);
        }
        if (!errors.isEmpty()) {
            return new Unauthorized(aggregate(errors), steps, warnings);
        }
        if (anonymous) {
            steps.add(new Step("anonymous", null, new AuthenticationResult.Authenticated(Anonymous.USER)));
            return new Authenticated(Anonymous.USER, "anonymous", steps, warnings);
        }
        return new Unauthorized("", steps, warnings);
    }

    private Optional<Step> bearer(AuthenticationRequest request, List<Step> steps, List<String> errors, List<String> warnings) {
        BearerToken.Header header = BearerToken.parse(request.authorization());
        if (header instanceof BearerToken.NoCredentials none) {
            steps.add(new Step("bearer-token", null, new AuthenticationResult.NotAuthenticated(none.reason())));
            return Optional.empty();
        }
        if (header instanceof BearerToken.ExtraSpace) {
            warnings.add(BearerToken.EXTRA_SPACE_WARNING);
            steps.add(new Step("bearer-token", null, new AuthenticationResult.NotAuthenticated(BearerToken.EXTRA_SPACE_WARNING)));
            return Optional.empty();
        }
        String token = ((BearerToken.Token) header).token();
        Secret redacted = Secret.token(token);
        List<String> tokenErrors = new ArrayList<>();
        for (TokenAuthenticator a : tokenAuthenticators) {
            Step s = step(steps, tokenErrors, a.name(), redacted, a.authenticateToken(token));
            if (s.result() instanceof AuthenticationResult.Authenticated) {
                return Optional.of(s);
            }
        }
        // bearertoken.go: a token nobody accepted is an error, not "not mine"
        String error = tokenErrors.isEmpty() ? BearerToken.INVALID_TOKEN : aggregate(tokenErrors);
        steps.add(new Step("bearer-token", redacted, new AuthenticationResult.Failed(error)));
        errors.add(error);
        return Optional.empty();
    }

    private static Step step(List<Step> steps, List<String> errors, String name, Secret credential, AuthenticationResult result) {
        Step s = new Step(name, credential, result);
        steps.add(s);
        if (result instanceof AuthenticationResult.Failed failed) {
            errors.add(failed.error());
        }
        return s;
    }

    /** apimachinery's utilerrors aggregate text: one error as is, several deduplicated in brackets. */
    private static String aggregate(List<String> errors) {
        LinkedHashSet<String> unique = new LinkedHashSet<>(errors);
        return unique.size() == 1 ? unique.iterator().next() : "[" + String.join(", ", unique) + "]";
    }
}
