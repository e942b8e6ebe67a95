package io.bootsim.apiserver.printers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bootsim.core.api.Json;

/**
 * A metav1.TableColumnDefinition. Priority 0 columns are always shown, priority 1 only by
 * {@code kubectl get -o wide}. Descriptions are left empty: upstream fills them from API field
 * documentation, which kubectl never prints.
 */
public record TableColumn(String name, String type, String format, int priority) {

    static TableColumn nameColumn() {
        return new TableColumn("Name", "string", "name", 0);
    }

    static TableColumn string(String name) {
        return new TableColumn(name, "string", "", 0);
    }

    static TableColumn wide(String name) {
        return new TableColumn(name, "string", "", 1);
    }

    ObjectNode toJson() {
        ObjectNode c = Json.object();
        c.put("name", name);
        c.put("type", type);
        c.put("format", format);
        c.put("description", "");
        c.put("priority", priority);
        return c;
    }
}
