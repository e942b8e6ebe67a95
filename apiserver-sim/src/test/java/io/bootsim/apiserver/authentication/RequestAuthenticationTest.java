package io.bootsim.apiserver.authentication;

import io.bootsim.apiserver.authentication.TestCertificates.Issued;
import io.bootsim.apiserver.authentication.TestCertificates.Subject;
import io.bootsim.core.api.Json;
import io.bootsim.core.time.VirtualClock;
import io.bootsim.core.trace.Secret;
import io.bootsim.core.version.KubeVersion;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RequestAuthenticationTest {

    private static final Instant FROM = Instant.parse("2017-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2027-01-01T00:00:00Z");
    private static final Issued CA = TestCertificates.selfSignedCa(Subject.cn("kubernetes"), FROM, TO);
    private static final Issued OTHER_CA = TestCertificates.selfSignedCa(Subject.cn("other"), FROM, TO);

    private static RequestAuthentication chain(boolean anonymous, String tokenCsv) throws Exception {
        var x509 = new X509Authenticator(List.of(CA.certificate()), new VirtualClock(VirtualClock.DEFAULT_START), KubeVersion.NEWEST);
        var tokens = TokenFile.parse("token.csv", tokenCsv, KubeVersion.NEWEST);
        return RequestAuthentication.build(new AuthenticationOptions(Optional.of(x509), Optional.of(tokens), List.of(), Optional.empty(), anonymous),
                List.of("Node", "RBAC"));
    }

    private static AuthenticationRequest request(List<String> authorization, Issued... certs) {
        return new AuthenticationRequest(authorization, java.util.Arrays.stream(certs).map(Issued::certificate).toList());
    }

    private static Issued clientCert(Issued issuer, String cn, String... orgs) {
        return TestCertificates.issue(issuer, Subject.cn(cn, orgs), false, List.of(KeyPurposeId.id_kp_clientAuth), FROM, TO);
    }

    @Test
    void requestWithoutCredentialsIsAnonymousWhenEnabled() throws Exception {
        var result = chain(true, "tok,u,id\n").authenticate(request(List.of()));
        var ok = assertInstanceOf(RequestAuthentication.Authenticated.class, result);
        assertEquals(new UserInfo("system:anonymous", "", List.of("system:unauthenticated"), Map.of()), ok.user());
        assertEquals("anonymous", ok.authenticator());
    }

    @Test
    void requestWithoutCredentialsIsUnauthorizedWithoutErrorWhenAnonymousIsOff() throws Exception {
        var result = chain(false, "tok,u,id\n").authenticate(request(List.of()));
        assertEquals("", assertInstanceOf(RequestAuthentication.Unauthorized.class, result).error());
    }

    @Test
    void unknownBearerTokenIsA401EvenWithAnonymousOn() throws Exception {
        var result = chain(true, "tok,u,id\n").authenticate(request(List.of("Bearer nope")));
        var denied = assertInstanceOf(RequestAuthentication.Unauthorized.class, result);
        assertEquals("invalid bearer token", denied.error());
        assertEquals(List.of(
                new RequestAuthentication.Step("x509", null, new AuthenticationResult.NotAuthenticated("no client certificate")),
                new RequestAuthentication.Step("token-file", Secret.token("nope"), new AuthenticationResult.NotAuthenticated("unknown token")),
                new RequestAuthentication.Step("bearer-token", Secret.token("nope"), new AuthenticationResult.Failed("invalid bearer token"))),
                denied.steps());
    }

    @Test
    void untrustedClientCertificateIsA401EvenWithAnonymousOn() throws Exception {
        var result = chain(true, "tok,u,id\n").authenticate(request(List.of(), clientCert(OTHER_CA, "alice")));
        var denied = assertInstanceOf(RequestAuthentication.Unauthorized.class, result);
        assertTrue(denied.error().endsWith("failed: x509: certificate signed by unknown authority"), denied.error());
    }

    @Test
    void validBearerTokenWinsOverAFailingClientCertificate() throws Exception {
        var result = chain(false, "tok,bob,id\n").authenticate(request(List.of("Bearer tok"), clientCert(OTHER_CA, "alice")));
        var ok = assertInstanceOf(RequestAuthentication.Authenticated.class, result);
        assertEquals("bob", ok.user().name());
        assertEquals("token-file", ok.authenticator());
    }

    @Test
    void clientCertificateIsTriedBeforeTheBearerToken() throws Exception {
        var result = chain(false, "tok,bob,id\n").authenticate(request(List.of("Bearer tok"), clientCert(CA, "admin", "system:masters")));
        var ok = assertInstanceOf(RequestAuthentication.Authenticated.class, result);
        assertEquals(List.of("system:masters", "system:authenticated"), ok.user().groups());
        assertEquals(1, ok.steps().size()); // the token file was never asked
    }

    @Test
    void certificateWithEmptyCommonNameSilentlyBecomesAnonymous() throws Exception {
        var result = chain(true, "tok,u,id\n").authenticate(request(List.of(), clientCert(CA, "", "system:masters")));
        assertEquals(UserInfo.ANONYMOUS, assertInstanceOf(RequestAuthentication.Authenticated.class, result).user().name());
    }

    @Test
    void alwaysAllowTurnsAnonymousOffWithUpstreamsWarning() {
        var chain = RequestAuthentication.build(new AuthenticationOptions(Optional.empty(), Optional.empty(), List.of(), Optional.empty(), true),
                List.of("AlwaysAllow"));
        assertFalse(chain.anonymousEnabled());
        assertEquals(List.of("AnonymousAuth is not allowed with the AlwaysAllow authorizer. Resetting AnonymousAuth to false."
                + " You should use a different authorizer"), chain.startupWarnings());
        assertInstanceOf(RequestAuthentication.Unauthorized.class, chain.authenticate(request(List.of())));
    }

    @Test
    void tokenFileWarningsAreStartupWarnings() throws Exception {
        assertEquals(List.of("duplicate token has been found in token file 'token.csv', record number '2'"),
                chain(true, "t,a,1\nt,b,2\n").startupWarnings());
    }

    @Test
    void onlyTheFirstAuthorizationHeaderCounts() throws Exception {
        var result = chain(false, "tok,bob,id\n").authenticate(request(List.of("Basic Zm9vOmJhcg==", "Bearer tok")));
        assertEquals("", assertInstanceOf(RequestAuthentication.Unauthorized.class, result).error());
    }

    @Test
    void tokensNeverAppearInFullInTheTrace() throws Exception {
        var result = chain(true, "averylongtoken,u,id\n").authenticate(request(List.of("Bearer averylongtoken")));
        String json = Json.write(result.steps());
        assertFalse(json.contains("averylongtoken"), json);
        assertTrue(json.contains("averyl..."), json);
    }

    @Test
    void unauthorizedBodyIsUpstreamsByteForByte() throws Exception {
        var denied = (RequestAuthentication.Unauthorized) chain(false, "t,u,i\n").authenticate(request(List.of()));
        assertEquals("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"Unauthorized\","
                + "\"reason\":\"Unauthorized\",\"code\":401}\n", denied.status().toJson());
    }
}
