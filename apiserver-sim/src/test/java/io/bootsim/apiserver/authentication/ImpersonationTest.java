package io.bootsim.apiserver.authentication;

import com.fasterxml.jackson.databind.JsonNode;
import io.bootsim.apiserver.authorization.Attributes;
import io.bootsim.apiserver.authorization.Authorizer;
import io.bootsim.apiserver.authorization.Decision;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImpersonationTest {

    /** The authorizer of upstream's TestImpersonationFilter. */
    static final Authorizer UPSTREAM_TEST_AUTHORIZER = new Authorizer() {
        @Override
        public Decision authorize(Attributes a) {
            UserInfo u = a.user();
            List<String> g = u.groups();
            String first = g.isEmpty() ? "" : g.get(0);
            String second = g.size() > 1 ? g.get(1) : "";
            boolean impersonate = a.verb().equals("impersonate");
            if (u.name().equals("system:admin")) {
                return Decision.allow("");
            }
            if (u.name().equals("tester")) {
                return new Decision.NoOpinion("", "works on my machine");
            }
            if (first.equals("wheel") && impersonate && a.resource().equals("users")) {
                return Decision.allow("");
            }
            if (first.equals("sa-impersonater") && impersonate && a.resource().equals("serviceaccounts")) {
                return Decision.allow("");
            }
            if (first.equals("regular-impersonater") && impersonate && a.resource().equals("users")) {
                return Decision.allow("");
            }
            if (second.equals("group-impersonater") && impersonate && a.resource().equals("groups")) {
                return Decision.allow("");
            }
            if (impersonate && a.resource().equals("userextras")) {
                boolean scopes = a.subresource().equals("scopes");
                if ((second.equals("extra-setter-scopes") && scopes)
                        || (second.equals("extra-setter-particular-scopes") && scopes && a.name().equals("scope-a"))
                        || (second.equals("extra-setter-project") && a.subresource().equals("project"))
                        || (second.equals("escaped-scopes") && a.subresource().equals("scopes.example.com"))
                        || (second.equals("almost-escaped-scopes") && a.subresource().equals("almost%zzpercent%xxencoded"))) {
                    return Decision.allow("");
                }
            }
            if (first.equals("everything-impersonater") && impersonate
                    && (a.resource().equals("users") || a.resource().equals("groups")
                    || (a.resource().equals("uids") && a.name().equals("some-uid"))
                    || (a.resource().equals("userextras") && a.subresource().equals("scopes")))) {
                return Decision.allow("");
            }
            return Decision.noOpinion("deny by default");
        }

        @Override
        public String name() {
            return "upstream-test";
        }
    };

    static Stream<JsonNode> vectors() {
        return Vectors.cases("impersonation-vectors.yaml");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void impersonationBehavesAsUpstream(JsonNode v) {
        UserInfo requester = Vectors.user(v.get("requester"));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        v.get("headers").forEach(h -> headers.computeIfAbsent(h.get(0).asText(), k -> new ArrayList<>()).add(h.get(1).asText()));
        KubeVersion version = KubeVersion.parse(v.path("version").asText("1.33"));

        Impersonation.Result result = new Impersonation(UPSTREAM_TEST_AUTHORIZER, version).impersonate(requester, headers);

        switch (v.get("code").asInt()) {
            case 200 -> {
                UserInfo effective = result instanceof Impersonation.Impersonated i ? i.user()
                        : assertInstanceOf(Impersonation.NotRequested.class, result) != null ? requester : null;
                assertEquals(Vectors.user(v.get("user")), effective);
            }
            case 403 -> {
                JsonNode d = v.get("denied");
                Attributes expected = new Attributes(requester, "impersonate", true, "", d.path("namespace").asText(),
                        d.path("group").asText(), d.has("group") ? "v1" : "", d.get("resource").asText(),
                        d.path("subresource").asText(), d.get("name").asText());
                assertEquals(expected, assertInstanceOf(Impersonation.Forbidden.class, result).denied());
            }
            default -> assertEquals(v.get("error").asText(), assertInstanceOf(Impersonation.InternalError.class, result).error());
        }
    }

    @Test
    void groupsWithoutUserAnswer500WithGoStylePlainTextBody() {
        var result = new Impersonation(UPSTREAM_TEST_AUTHORIZER, KubeVersion.NEWEST)
                .impersonate(UserInfo.of("tester"), Map.of("Impersonate-Group", List.of("<g>")));
        assertEquals("Internal Server Error: \"/api/v1/pods?x=\\\"y\\\"\": requested [{Group  &lt;g&gt;    }] without impersonating a user\n",
                ((Impersonation.InternalError) result).body("/api/v1/pods?x=\"y\""));
    }

    @Test
    void forbiddenCarriesTheAuthorizerReason() {
        var result = new Impersonation(UPSTREAM_TEST_AUTHORIZER, KubeVersion.NEWEST)
                .impersonate(UserInfo.of("alice"), Map.of("Impersonate-User", List.of("bob")));
        assertEquals("deny by default", ((Impersonation.Forbidden) result).reason());
    }

    @Test
    void impersonationHeadersAreRecognisedInAnyCase() {
        assertTrue(Impersonation.isImpersonationHeader("impersonate-extra-scopes"));
        assertTrue(Impersonation.isImpersonationHeader("IMPERSONATE-UID"));
        assertEquals(false, Impersonation.isImpersonationHeader("Authorization"));
    }
}
