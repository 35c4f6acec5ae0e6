//! SVG images as the EPUB holds them: parsed by a real XML parser and written anew from the
//! tree, keeping only SVG (and XLink, `xml:`) names. Dropped on the way: `script`,
//! `foreignObject` and other elements that run or embed foreign content, every event attribute
//! (`on…`), references to anything outside the image (`href` not starting with `#`, `url(…)` to
//! another file, `@import` in a style sheet, animations that set a link), the DOCTYPE and its
//! entity declarations, processing instructions and comments. An SVG that does not parse (or
//! whose root is not an SVG `<svg>`) is refused.

use super::writer::{attr, esc};
use roxmltree::{Document, Node, NodeType, ParsingOptions};

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Most nodes an SVG may have (a bound on memory, whatever the file holds).
const MAX_NODES: u32 = 1_000_000;

/// SVG elements that are dropped with everything inside them.
const DROPPED: &[&str] = &[
    "script",
    "foreignObject",
    "handler",
    "listener",
    "iframe",
    "embed",
    "object",
    "audio",
    "video",
    "canvas",
];

/// The SVG re-written without scripts and external references, or why it cannot be used.
pub fn sanitise(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let text = std::str::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".to_string())?;
    let opts = ParsingOptions {
        allow_dtd: true,
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    let doc = Document::parse_with_options(text, opts).map_err(|e| e.to_string())?;
    let root = doc.root_element();
    if root.tag_name().namespace() != Some(SVG_NS) || root.tag_name().name() != "svg" {
        return Err("its root element is not an SVG `<svg>`".into());
    }
    let mut out = String::with_capacity(text.len());
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    write_element(root, true, &mut out);
    out.push('\n');
    Ok(out.into_bytes())
}

/// Whether an element is kept: an SVG element that neither runs nor embeds anything.
fn kept_element(node: Node) -> bool {
    let name = node.tag_name();
    if name.namespace() != Some(SVG_NS) || DROPPED.contains(&name.name()) {
        return false;
    }
    match name.name() {
        "set" | "animate" | "animateMotion" | "animateTransform" | "discard" => {
            // An animation may set a link or an event handler: keep only harmless ones.
            let target = node.attribute("attributeName").unwrap_or("").trim();
            !(is_link_attr(target) || target.to_ascii_lowercase().starts_with("on"))
        }
        "use" | "image" | "feImage" => node
            .attributes()
            .filter(|a| is_link_attr(a.name()))
            .all(|a| is_local_ref(a.value())),
        _ => true,
    }
}

fn is_link_attr(name: &str) -> bool {
    name == "href" || name.ends_with(":href")
}

/// `#id`: a reference inside the image itself.
fn is_local_ref(value: &str) -> bool {
    value.trim_start().starts_with('#')
}

/// Whether a value refers to something outside the image (`url(…)` to another file,
/// `@import`).
fn refers_outside(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    if lower.contains("@import") || lower.contains("javascript:") {
        return true;
    }
    let mut rest = lower.as_str();
    while let Some(at) = rest.find("url(") {
        rest = &rest[at + 4..];
        let inner = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '"' || c == '\'');
        if !inner.starts_with('#') {
            return true;
        }
    }
    false
}

/// The attribute as written back (its qualified name), or `None` when it is dropped.
fn kept_attribute(a: &roxmltree::Attribute) -> Option<String> {
    let name = a.name();
    let qualified = match a.namespace() {
        None => name.to_string(),
        Some(XLINK_NS) => format!("xlink:{name}"),
        Some(XML_NS) => format!("xml:{name}"),
        Some(_) => return None,
    };
    let lower = name.to_ascii_lowercase();
    if lower.starts_with("on") {
        return None;
    }
    if is_link_attr(&qualified) && !is_local_ref(a.value()) {
        return None;
    }
    if refers_outside(a.value()) {
        return None;
    }
    Some(qualified)
}

fn write_element(node: Node, is_root: bool, out: &mut String) {
    out.push('<');
    out.push_str(node.tag_name().name());
    if is_root {
        out.push_str(&format!(" xmlns=\"{SVG_NS}\" xmlns:xlink=\"{XLINK_NS}\""));
    }
    for a in node.attributes() {
        if let Some(q) = kept_attribute(&a) {
            out.push_str(&format!(" {q}=\"{}\"", attr(a.value())));
        }
    }
    let is_style = node.tag_name().name() == "style";
    let children: Vec<Node> = node
        .children()
        .filter(|c| match c.node_type() {
            NodeType::Element => kept_element(*c),
            NodeType::Text => !(is_style && refers_outside(c.text().unwrap_or(""))),
            _ => false,
        })
        .collect();
    if children.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    for c in children {
        match c.node_type() {
            NodeType::Element => write_element(c, false, out),
            _ => out.push_str(&esc(c.text().unwrap_or(""))),
        }
    }
    out.push_str("</");
    out.push_str(node.tag_name().name());
    out.push('>');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(svg: &str) -> String {
        String::from_utf8(sanitise(svg.as_bytes()).unwrap()).unwrap()
    }

    #[test]
    fn scripts_events_and_foreign_content_are_dropped() {
        let out = clean(
            r##"<?xml version="1.0"?><?xml-stylesheet href="evil.css"?>
<!DOCTYPE svg [<!ENTITY boom "<script>alert(2)</script>">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"
     xmlns:s="http://www.w3.org/2000/svg" onload="alert(1)" viewBox="0 0 10 10">
  <!-- a comment -->
  <script>alert(3)</script><s:script>alert(4)</s:script>
  <foreignObject><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>
  <g OnClick="x()">&boom;<rect width="5" height="5" fill="url(#grad)" style="fill:url(https://e.x/a)"/></g>
  <a x:href="javascript:alert(5)"><text>link</text></a>
  <a href="#local"><text>here</text></a>
  <use href="other.svg#x"/><use x:href="#ok"/>
  <image href="file:///etc/passwd"/>
  <set attributeName="href" to="javascript:alert(6)"/>
  <style>@import url(https://e.x/s.css); rect { fill: red }</style>
  <style>rect { stroke: url(#g) }</style>
  <text xml:space="preserve">a &lt; b &amp; "c"</text>
</svg>"##,
        );
        for bad in [
            "script",
            "alert",
            "onload",
            "OnClick",
            "foreignObject",
            "DOCTYPE",
            "ENTITY",
            "xml-stylesheet",
            "comment",
            "other.svg",
            "passwd",
            "@import",
            "https:",
            "<set",
        ] {
            assert!(!out.contains(bad), "{bad} kept in {out}");
        }
        for good in [
            "fill=\"url(#grad)\"",
            "href=\"#local\"",
            "xlink:href=\"#ok\"",
            "stroke: url(#g)",
            "xml:space=\"preserve\"",
            "a &lt; b &amp; \"c\"",
            "viewBox=\"0 0 10 10\"",
        ] {
            assert!(out.contains(good), "{good} missing from {out}");
        }
        // what is written parses again, as SVG
        let again = Document::parse(&out).unwrap();
        assert_eq!(again.root_element().tag_name().namespace(), Some(SVG_NS));
    }

    #[test]
    fn the_usual_svg_1_1_doctype_is_accepted_and_left_out() {
        let out = clean(
            "<?xml version=\"1.0\" standalone=\"no\"?>\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \
             \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n\
             <svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\" \
             inkscape:version=\"1.0\"><circle r=\"4\"/><inkscape:grid/></svg>",
        );
        assert!(
            !out.contains("DOCTYPE") && !out.contains("inkscape"),
            "{out}"
        );
        assert!(out.contains("<circle r=\"4\"/>"), "{out}");
    }

    #[test]
    fn broken_or_foreign_svg_is_refused() {
        assert!(sanitise(b"<svg xmlns=\"http://www.w3.org/2000/svg\"><g></svg>").is_err());
        assert!(sanitise(b"<html xmlns=\"http://www.w3.org/1999/xhtml\"/>").is_err());
        assert!(sanitise(b"<svg/>").is_err(), "no SVG namespace");
        let xxe = "<!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\
                   <svg xmlns=\"http://www.w3.org/2000/svg\"><text>&x;</text></svg>";
        assert!(sanitise(xxe.as_bytes()).is_err());
        assert!(sanitise(&[0xff, 0xfe, 0x00]).is_err());
    }
}
