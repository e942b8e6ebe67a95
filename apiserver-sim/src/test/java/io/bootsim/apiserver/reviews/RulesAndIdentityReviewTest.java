package io.bootsim.apiserver.reviews;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.apiserver.authentication.RequestAuthentication;
import io.bootsim.apiserver.authentication.TokenFile;
import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.apiserver.authorization.Union;
import io.bootsim.apiserver.authorization.abac.PolicyFile;
import io.bootsim.core.api.StatusException;
import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.bootsim.apiserver.reviews.AccessReviewTest.json;
import static io.bootsim.apiserver.reviews.AccessReviewTest.seedChain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SelfSubjectRulesReview, TokenReview and SelfSubjectReview. */
class RulesAndIdentityReviewTest {

    private static final KubeVersion V = KubeVersion.NEWEST;
    private static final String LIST_BODY = "{'kind':'SelfSubjectRulesReview','apiVersion':'authorization.k8s.io/v1',"
            + "'metadata':{'creationTimestamp':null},'spec':{'namespace':'default'}}";

    private static SelfSubjectRulesReview rulesReview(Union chain) {
        return new SelfSubjectRulesReview(new UnionRuleResolver(chain));
    }

    @Test
    void canIListShowsTheBootstrapUsersCsrRuleAndAnEmptySpec() {
        ObjectNode response = rulesReview(seedChain(V, List.of("Node", "RBAC"))).create("authorization.k8s.io/v1",
                json(LIST_BODY), UserInfo.of("kubelet-bootstrap", "system:authenticated"));
        assertEquals(json("{}"), response.get("spec"));
        assertTrue(response.path("status").path("resourceRules").toString().contains(
                "{\"verbs\":[\"create\",\"get\",\"list\",\"watch\"],\"apiGroups\":[\"certificates.k8s.io\"],\"resources\":[\"certificatesigningrequests\"]}"),
                response.toString());
        assertFalse(response.path("status").path("incomplete").asBoolean());
        assertTrue(response.path("status").path("evaluationError").isMissingNode());
    }

    @Test
    void nodesGetAnIncompleteListBecauseTheNodeAuthorizerCannotEnumerate() {
        JsonNode status = rulesReview(seedChain(V, List.of("Node", "RBAC"))).create("authorization.k8s.io/v1",
                json(LIST_BODY), UserInfo.of("system:node:n1", "system:nodes", "system:authenticated")).get("status");
        assertTrue(status.path("incomplete").asBoolean());
        assertEquals(UnionRuleResolver.NODE_INCOMPLETE, status.path("evaluationError").asText());
    }

    @Test
    void alwaysAllowListsEverythingAndSystemMastersAddsNothingOfItsOwn() {
        JsonNode status = rulesReview(seedChain(V, List.of("AlwaysAllow"))).create("authorization.k8s.io/v1",
                json(LIST_BODY), UserInfo.of("admin", "system:masters")).get("status");
        assertEquals(json("{'resourceRules':[{'verbs':['*'],'apiGroups':['*'],'resources':['*']}],"
                + "'nonResourceRules':[{'verbs':['*'],'nonResourceURLs':['*']}],'incomplete':false}"), status);
    }

    @Test
    void abacContributesTheLinesMatchingUserAndNamespace() {
        var policies = PolicyFile.parse("abac.jsonl", String.join("\n",
                "{\"apiVersion\":\"abac.authorization.kubernetes.io/v1beta1\",\"kind\":\"Policy\",\"spec\":{\"user\":\"bob\",\"namespace\":\"default\",\"resource\":\"pods\",\"apiGroup\":\"\",\"readonly\":true}}",
                "{\"apiVersion\":\"abac.authorization.kubernetes.io/v1beta1\",\"kind\":\"Policy\",\"spec\":{\"user\":\"bob\",\"namespace\":\"other\",\"resource\":\"secrets\",\"apiGroup\":\"\"}}",
                "{\"apiVersion\":\"abac.authorization.kubernetes.io/v1beta1\",\"kind\":\"Policy\",\"spec\":{\"user\":\"bob\",\"nonResourcePath\":\"/version\"}}"))
                .policies();
        Union chain = new Union(List.of(new io.bootsim.apiserver.authorization.abac.AbacAuthorizer("abac.jsonl", policies)));
        JsonNode status = new SelfSubjectRulesReview(new UnionRuleResolver(chain))
                .create("authorization.k8s.io/v1", json(LIST_BODY), UserInfo.of("bob", "system:authenticated")).get("status");
        assertEquals(json("{'resourceRules':[{'verbs':['get','list','watch'],'apiGroups':[''],'resources':['pods']}],"
                + "'nonResourceRules':[],'incomplete':false}"), status);
    }

    @Test
    void rulesReviewWithoutNamespaceIsABadRequest() {
        StatusException e = assertThrows(StatusException.class, () -> rulesReview(seedChain(V, List.of("RBAC")))
                .create("authorization.k8s.io/v1", json("{'spec':{}}"), UserInfo.of("u")));
        assertEquals(400, e.status().code());
        assertEquals("no namespace on request", e.status().message());
    }

    private static TokenReview tokenReview(List<String> apiAudiences) throws Exception {
        TokenFile tokens = TokenFile.parse("token.csv", "02b50b05283e98dd0fd71db496ef01e8,kubelet-bootstrap,10001,\"system:node-bootstrapper\"\n", V);
        return new TokenReview(RequestAuthentication.of(Optional.empty(), List.of(tokens), true), apiAudiences, V);
    }

    @Test
    void tokenReviewAuthenticatesThroughTheTokenFileAndAddsSystemAuthenticated() throws Exception {
        ObjectNode response = tokenReview(List.of()).create("authentication.k8s.io/v1",
                json("{'spec':{'token':'02b50b05283e98dd0fd71db496ef01e8'}}"));
        assertEquals(json("{'authenticated':true,'user':{'username':'kubelet-bootstrap','uid':'10001',"
                + "'groups':['system:node-bootstrapper','system:authenticated']}}"), response.get("status"));
        assertEquals("02b50b05283e98dd0fd71db496ef01e8", response.path("spec").path("token").asText());
    }

    @Test
    void unknownTokenIsAnInvalidBearerTokenNotAnonymous() throws Exception {
        JsonNode status = tokenReview(List.of()).create("authentication.k8s.io/v1", json("{'spec':{'token':'nope'}}")).get("status");
        assertEquals(json("{'user':{},'error':'invalid bearer token'}"), status);
    }

    @Test
    void audiencesMustMeetTheServersForAudienceAgnosticTokens() throws Exception {
        TokenReview review = tokenReview(List.of("https://kubernetes.default.svc"));
        ObjectNode implicit = review.create("authentication.k8s.io/v1", json("{'spec':{'token':'02b50b05283e98dd0fd71db496ef01e8'}}"));
        assertEquals("[\"https://kubernetes.default.svc\"]", implicit.path("status").get("audiences").toString());
        ObjectNode foreign = review.create("authentication.k8s.io/v1",
                json("{'spec':{'token':'02b50b05283e98dd0fd71db496ef01e8','audiences':['vault']}}"));
        assertEquals(json("{'user':{},'error':'invalid bearer token'}"), foreign.get("status"));
    }

    @Test
    void emptyTokenIsABadRequest() throws Exception {
        StatusException e = assertThrows(StatusException.class,
                () -> tokenReview(List.of()).create("authentication.k8s.io/v1", json("{'spec':{}}")));
        assertEquals(TokenReview.TOKEN_REQUIRED, e.status().message());
    }

    @Test
    void whoamiAnswersTheRequesterStampedWithTheClock() {
        UserInfo admin = new UserInfo("admin", "", List.of("system:masters", "system:authenticated"), Map.of("scopes", List.of("a")));
        ObjectNode response = new SelfSubjectReview(() -> Instant.parse("2024-01-01T00:00:00.5Z"))
                .create("authentication.k8s.io/v1", admin);
        assertEquals(json("{'kind':'SelfSubjectReview','apiVersion':'authentication.k8s.io/v1',"
                + "'metadata':{'creationTimestamp':'2024-01-01T00:00:00Z'},'status':{'userInfo':{'username':'admin',"
                + "'groups':['system:masters','system:authenticated'],'extra':{'scopes':['a']}}}}"), response);
    }
}
