package io.bootsim.apiserver.authorization.rbac;

import io.bootsim.apiserver.authentication.UserInfo;
import io.bootsim.apiserver.authorization.Requests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PolicyRuleTest {

    @ParameterizedTest(name = "[{index}] rule {0}|{1}|{2}|{3}|{4} vs {5} {6} {7}/{8} {9} {10}")
    @CsvFileSource(resources = "/authorization/rbac-rule-matches-b2.csv")
    void upstreamRuleMatchesVectors(String verbs, String groups, String resources, String names, String urls,
                                    String verb, String group, String resource, String subresource, String name,
                                    String path, boolean matches) {
        PolicyRule rule = new PolicyRule(Requests.groups(verbs), Requests.groups(groups), Requests.groups(resources),
                Requests.groups(names), Requests.groups(urls));
        var a = Requests.request(UserInfo.of("u"), verb, group == null ? "" : group,
                path != null ? path : resource, subresource, "", name);
        assertEquals(matches, rule.allows(a));
    }

    @Test
    void compactStringPrintsOnlyNonEmptyFieldsInUpstreamOrder() {
        PolicyRule r = new PolicyRule(List.of("create"), List.of("certificates.k8s.io"),
                List.of("certificatesigningrequests"), List.of(), List.of());
        assertEquals("{APIGroups:[\"certificates.k8s.io\"], Resources:[\"certificatesigningrequests\"], Verbs:[\"create\"]}",
                r.compactString());
        assertEquals("{NonResourceURLs:[\"/healthz\"], Verbs:[\"get\"]}", PolicyRule.verbs("get").urls("/healthz").compactString());
    }

    @Test
    void builderSortsLikeUpstreamRuleOrDie() {
        assertEquals(List.of("create", "get", "list", "watch"), PolicyRule.verbs("watch", "create", "list", "get").verbs());
    }
}
