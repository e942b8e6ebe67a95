package io.bootsim.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import io.bootsim.core.api.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The printers on their own: tabwriter layout, Table columns, YAML quoting, JSON, JSONPath. */
class PrintersTest {

    private static JsonNode json(String text) throws Exception {
        return Json.mapper().readTree(text.replace('\'', '"'));
    }

    private static final String NAMESPACES = "{'kind':'Table','columnDefinitions':["
            + "{'name':'Name','priority':0},{'name':'Status','priority':0},{'name':'Age','priority':0},"
            + "{'name':'Phase-Detail','priority':1}],'rows':["
            + "{'cells':['default','Active','10s','x'],'object':{'metadata':{'namespace':'a'}}},"
            + "{'cells':['kube-node-lease','Active','10s',''],'object':{'metadata':{'namespace':'bb'}}}]}";

    @Test
    void columnsAreTheWidestCellPlusThreeAndAtLeastSix() throws Exception {
        StringBuilder out = new StringBuilder();
        new TablePrinter(new TablePrinter.Options(false, false, false), out).print(json(NAMESPACES));
        assertEquals("NAME              STATUS   AGE\n"
                + "default           Active   10s\n"
                + "kube-node-lease   Active   10s\n", out.toString());
    }

    @Test
    void wideShowsPriorityOneColumnsAndAllNamespacesAddsNamespaceFirst() throws Exception {
        StringBuilder out = new StringBuilder();
        new TablePrinter(new TablePrinter.Options(true, false, true), out).print(json(NAMESPACES));
        assertEquals("NAMESPACE   NAME              STATUS   AGE   PHASE-DETAIL\n"
                + "a           default           Active   10s   x\n"
                + "bb          kube-node-lease   Active   10s   \n", out.toString());
    }

    @Test
    void noHeadersAndAnEmptyTablePrintNothingExtra() throws Exception {
        StringBuilder out = new StringBuilder();
        TablePrinter printer = new TablePrinter(new TablePrinter.Options(false, true, false), out);
        assertEquals(0, printer.print(json("{'columnDefinitions':[{'name':'Name'}],'rows':[]}")));
        assertEquals("", out.toString());
        printer.print(json(NAMESPACES));
        assertEquals("default           Active   10s\nkube-node-lease   Active   10s\n", out.toString());
    }

    @Test
    void watchRowsKeepTheWidthsOfTheRowsAbove() throws Exception {
        StringBuilder out = new StringBuilder();
        TablePrinter printer = new TablePrinter(new TablePrinter.Options(false, false, false), out);
        printer.print(json(NAMESPACES));
        printer.print(json("{'columnDefinitions':null,'rows':[{'cells':['b','Terminating','1s','']}]}"));
        assertEquals("NAME              STATUS   AGE\n"
                + "default           Active   10s\n"
                + "kube-node-lease   Active   10s\n"
                + "b                 Terminating   1s\n", out.toString());
    }

    @Test
    void cellsAreCutAtTheirFirstLineBreak() throws Exception {
        StringBuilder out = new StringBuilder();
        new TablePrinter(new TablePrinter.Options(false, true, false), out)
                .print(json("{'columnDefinitions':[{'name':'A'},{'name':'B'}],'rows':[{'cells':['one\\ntwo',3]}]}"));
        assertEquals("one...   3\n", out.toString());
    }

    @Test
    void yamlQuotesWhatYaml11WouldReadAsSomethingElse() throws Exception {
        assertEquals("a: \"1\"\n"
                + "b: \"true\"\n"
                + "c: \"yes\"\n"
                + "d: \"\"\n"
                + "e: \"2026-11-28T18:54:28Z\"\n"
                + "f: '*'\n"
                + "g: system:node-bootstrapper\n"
                + "h: 'a: b'\n"
                + "i: 7\n"
                + "j: null\n"
                + "k: '{\"x\":1}'\n"
                + "l: \"1.33\"\n"
                + "m: v1.33.0\n", YamlPrinter.print(json("{'m':'v1.33.0','l':'1.33','k':'{\\'x\\':1}','j':null,"
                + "'i':7,'h':'a: b','g':'system:node-bootstrapper','f':'*','e':'2026-11-28T18:54:28Z','d':'',"
                + "'c':'yes','b':'true','a':'1'}")));
    }

    @Test
    void yamlListsUnderKeysAreNotIndentedAndBlocksAreLiteral() throws Exception {
        assertEquals("metadata:\n"
                + "  annotations:\n"
                + "    last: |\n"
                + "      {}\n"
                + "  name: x\n"
                + "rules:\n"
                + "- apiGroups:\n"
                + "  - \"\"\n"
                + "  verbs:\n"
                + "  - get\n"
                + "subjects: []\n"
                + "z: {}\n", YamlPrinter.print(json("{'z':{},'subjects':[],'rules':[{'verbs':['get'],"
                + "'apiGroups':['']}],'metadata':{'name':'x','annotations':{'last':'{}\\n'}}}")));
        assertEquals("a: |-\n  no newline\n  at end\n", YamlPrinter.print(json("{'a':'no newline\\nat end'}")));
    }

    @Test
    void yamlFoldsLongPlainStringsPastColumnEighty() throws Exception {
        String words = "word ".repeat(20).trim();
        // go-yaml breaks at the first single space once the column is past 80
        assertEquals("message: " + "word ".repeat(14) + "word\n  " + "word ".repeat(4) + "word\n",
                YamlPrinter.print(json("{'message':'" + words + "'}")));
    }

    @Test
    void jsonIsIndentedByFourWithSortedKeysAndHtmlSafe() throws Exception {
        assertEquals("{\n    \"a\": [],\n    \"b\": {\n        \"c\": \"\\u003cx\\u003e\"\n    },\n    \"d\": [\n        1\n    ]\n}\n",
                JsonPrinter.print(json("{'d':[1],'b':{'c':'<x>'},'a':[]}")));
        assertEquals("{\"a\":1,\"b\":[\"x\"]}", JsonPrinter.compact(json("{'b':['x'],'a':1}")));
    }

    @Test
    void jsonPathFieldsWildcardsRangesFiltersAndLiterals() throws Exception {
        JsonNode list = json("{'items':[{'metadata':{'name':'a','annotations':{'kubectl.kubernetes.io/x':'v'}},"
                + "'status':{'conditions':[{'type':'Ready','status':'True'},{'type':'Other','status':'False'}]}},"
                + "{'metadata':{'name':'b'},'spec':{'n':3,'l':['p','q']}}]}");
        assertEquals("a b", JsonPathPrinter.parse("{.items[*].metadata.name}").print(list));
        assertEquals("a\nb\n", JsonPathPrinter.parse("{range .items[*]}{.metadata.name}{\"\\n\"}{end}").print(list));
        assertEquals("True", JsonPathPrinter.parse(
                "{.items[0].status.conditions[?(@.type==\"Ready\")].status}").print(list));
        assertEquals("v", JsonPathPrinter.parse("{.items[0].metadata.annotations.kubectl\\.kubernetes\\.io/x}")
                .print(list));
        assertEquals("3 [\"p\",\"q\"]", JsonPathPrinter.parse("{.items[1].spec.n} {.items[-1].spec.l}").print(list));
        assertEquals("name: ", JsonPathPrinter.parse("name: {.items[5].metadata.name}{.missing}").print(list));
        assertEquals("b", JsonPathPrinter.parse("{.items[1:].metadata.name}").print(list));
    }

    @Test
    void jsonPathTemplatesThatDoNotParse() {
        assertEquals("unclosed action", org.junit.jupiter.api.Assertions.assertThrows(
                JsonPathPrinter.ParseException.class, () -> JsonPathPrinter.parse("{.a")).getMessage());
        assertEquals("not in range, nothing to end", org.junit.jupiter.api.Assertions.assertThrows(
                JsonPathPrinter.ParseException.class, () -> JsonPathPrinter.parse("{end}")).getMessage());
    }
}
