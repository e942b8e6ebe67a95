package io.bootsim.apiserver.admission;

import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AdmissionPluginsTest {

    private static final KubeVersion V1_9 = KubeVersion.of(1, 9);
    private static final KubeVersion V1_33 = KubeVersion.NEWEST;

    private static List<String> list(String csv) {
        return csv == null ? List.of() : Arrays.asList(csv.split(" "));
    }

    @ParameterizedTest(name = "{0}: {1} on={2}")
    @CsvSource({
            "1.9, NodeRestriction, false", "1.9, CertificateApproval, false",
            "1.17, CertificateApproval, false", "1.18, CertificateApproval, true", "1.18, CertificateSigning, true",
            "1.18, CertificateSubjectRestriction, true", "1.33, CertificateSubjectRestriction, true",
            "1.10, NamespaceLifecycle, true", "1.33, ServiceAccount, true", "1.33, NodeRestriction, false",
    })
    void defaultsFollowTheRelease(String version, String plugin, boolean on) {
        assertEquals(on, AdmissionPlugins.defaultEnabled(KubeVersion.parse(version)).contains(plugin));
    }

    @Test
    void admissionControlOf1_9IsAnOrderedListThatReplacesTheDefault() {
        assertEquals(new AdmissionPlugins.Enabled(List.of("AlwaysAdmit")),
                AdmissionPlugins.select(V1_9, List.of(), List.of(), Optional.empty()));
        assertEquals(new AdmissionPlugins.Enabled(List.of("ServiceAccount", "NamespaceLifecycle", "NodeRestriction")),
                AdmissionPlugins.select(V1_9, List.of(), List.of(),
                        Optional.of(List.of("ServiceAccount", "NamespaceLifecycle", "NodeRestriction"))));
        assertEquals(new AdmissionPlugins.Invalid(List.of("failed to initialize admission: unknown admission plugin: CertificateApproval")),
                AdmissionPlugins.select(V1_9, List.of(), List.of(), Optional.of(List.of("NodeRestriction", "CertificateApproval"))));
    }

    @Test
    void enablingNodeRestrictionAddsItInTheRecommendedOrder() {
        var selected = (AdmissionPlugins.Enabled) AdmissionPlugins.select(V1_33, List.of("NodeRestriction"), List.of(), Optional.empty());
        List<String> plugins = selected.plugins();
        assertTrue(plugins.indexOf("ServiceAccount") < plugins.indexOf("NodeRestriction"));
        assertTrue(plugins.indexOf("NodeRestriction") < plugins.indexOf("CertificateApproval"));
        assertEquals("ResourceQuota", plugins.get(plugins.size() - 1));
    }

    @Test
    void disablingRemovesADefaultAndLegacyAdmissionControlKeepsOnlyItsNames() {
        var disabled = (AdmissionPlugins.Enabled) AdmissionPlugins.select(V1_33, List.of(), List.of("CertificateSubjectRestriction"), Optional.empty());
        assertFalse(disabled.plugins().contains("CertificateSubjectRestriction"));
        assertTrue(disabled.plugins().contains("CertificateApproval"));
        // 1.10+: the legacy flag's order is not kept, the recommended order is
        assertEquals(new AdmissionPlugins.Enabled(List.of("NamespaceLifecycle", "NodeRestriction")),
                AdmissionPlugins.select(V1_33, List.of(), List.of(), Optional.of(List.of("NodeRestriction", "NamespaceLifecycle"))));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown enable | NodeRestrictions | | | enable-admission-plugins plugin \"NodeRestrictions\" is unknown",
            "unknown disable | | Foo | | disable-admission-plugins plugin \"Foo\" is unknown",
            "overlap | NodeRestriction AlwaysPullImages | AlwaysPullImages NodeRestriction | | [AlwaysPullImages NodeRestriction] in enable-admission-plugins and disable-admission-plugins overlapped",
            "legacy with new | NodeRestriction | | NamespaceLifecycle | admission-control and enable-admission-plugins/disable-admission-plugins flags are mutually exclusive",
            "legacy unknown | | | Bogus | admission-control plugin \"Bogus\" is unknown",
            "removed plugin | PodSecurityPolicy | | | enable-admission-plugins plugin \"PodSecurityPolicy\" is unknown",
    })
    void invalidFlagsStopTheServerWithUpstreamsWords(String name, String enable, String disable, String legacy, String error) {
        AdmissionPlugins.Selection s = AdmissionPlugins.select(V1_33, list(enable), list(disable),
                legacy == null ? Optional.empty() : Optional.of(list(legacy)));
        assertEquals(new AdmissionPlugins.Invalid(List.of(error)), s);
    }
}
