// Runs EPUBCheck on several books in one JVM (EPUBCheck's own command line takes one book, and a
// JVM start costs 5-14 s here). Usage, with the jar on the class path:
//   java -cp epubcheck.jar scripts/lib/EpubCheckMany.java BOOK.epub REPORT.json [BOOK REPORT ...]
// Each book gets EPUBCheck's JSON report; the exit code is the number of books EPUBCheck failed.
import com.adobe.epubcheck.tool.EpubChecker;

public class EpubCheckMany {
    public static void main(String[] args) {
        if (args.length == 0 || args.length % 2 != 0) {
            System.err.println("usage: EpubCheckMany BOOK.epub REPORT.json [BOOK.epub REPORT.json ...]");
            System.exit(64);
        }
        int failed = 0;
        for (int i = 0; i < args.length; i += 2) {
            int rc = new EpubChecker().run(new String[] {args[i], "--json", args[i + 1], "--quiet"});
            System.err.println("epubcheck-many: " + args[i] + " exit " + rc);
            if (rc != 0) {
                failed++;
            }
        }
        System.exit(Math.min(failed, 63));
    }
}
