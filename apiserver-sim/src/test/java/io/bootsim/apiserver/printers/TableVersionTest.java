package io.bootsim.apiserver.printers;

import io.bootsim.core.version.KubeVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TableVersionTest {

    static final String KUBECTL_GET = "application/json;as=Table;v=v1;g=meta.k8s.io,"
            + "application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    @ParameterizedTest(name = "{0} on {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            KUBECTL_GET                                      | 1.33 | V1
            KUBECTL_GET                                      | 1.15 | V1
            KUBECTL_GET                                      | 1.14 | V1BETA1
            application/json                                 | 1.33 | PLAIN
            'application/json, */*'                          | 1.33 | PLAIN
            application/json;as=Table;v=v1beta1;g=meta.k8s.io | 1.33 | V1BETA1
            application/json;as=Table;v=v1;g=meta.k8s.io     | 1.14 | PLAIN
            """)
    void picksTheFirstTableVersionTheReleaseServes(String accept, String version, String expected) {
        String header = accept.equals("KUBECTL_GET") ? KUBECTL_GET : accept;
        assertEquals(expected, TableVersion.negotiate(header, KubeVersion.parse(version)).map(Enum::name).orElse("PLAIN"));
    }
}
