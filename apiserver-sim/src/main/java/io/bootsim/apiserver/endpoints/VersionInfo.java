package io.bootsim.apiserver.endpoints;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;
import io.bootsim.core.version.KubeVersion;

/**
 * The body of GET /version (k8s.io/apimachinery pkg/version/types.go Info). Its gitVersion decides
 * which kubectl build the machine's kubectl dispatcher runs, so it must say the emulated release.
 */
public final class VersionInfo {

    private VersionInfo() {
    }

    public static ObjectNode of(KubeVersion version) {
        ObjectNode info = Json.object();
        info.put("major", Integer.toString(version.major()));
        info.put("minor", Integer.toString(version.minor()));
        info.put("gitVersion", version.gitVersion());
        info.put("gitCommit", "bootsim");
        info.put("gitTreeState", "clean");
        info.put("buildDate", "2018-01-01T00:00:00Z");
        info.put("goVersion", "go1.24.0");
        info.put("compiler", "gc");
        info.put("platform", "linux/amd64");
        return info;
    }
}
