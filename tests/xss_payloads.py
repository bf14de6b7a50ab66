"""Cross-site scripting payloads after OWASP's filter-evasion cheat sheet, for every test that needs them.

Each one would call `alert` (or load a script, which the CSP reports) if it ran, so the browser
tests' script watch sees it. No NUL characters: PostgreSQL text cannot hold them.
"""

TAGS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//xss.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<<SCRIPT>alert(1);//<</SCRIPT>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<object data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>",
    '<form action="javascript:alert(1)"><input type=submit></form>',
    "<style>@import 'javascript:alert(1)';</style>",
    '<link rel=stylesheet href="javascript:alert(1)">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
]

ATTRIBUTES = [
    "<img src=x onerror=alert(1)>",
    "<img src=x OnError=alert(1)>",
    "<img src=x:alert(alt) onerror=eval(src) alt=1>",
    "<input autofocus onfocus=alert(1)>",
    "<select autofocus onfocus=alert(1)></select>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<a href=# onclick=alert(1)>x</a>",
    '<p onmouseover="alert(1)">hover</p>',
    "<x onclick=alert(1) tabindex=1 autofocus onfocus=alert(1)>x</x>",
    '<a href="http://example.com" target="_blank" onclick="alert(1)">ok</a>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="width:expression(alert(1))">x</div>',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '"><script>alert(1)</script>',
    "' onmouseover='alert(1)' x='",
    '" autofocus onfocus="alert(1)" x="',
    "';alert(1);//",
    '";alert(1);//',
]

ENCODINGS = [
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav\tascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    "<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>",
    "<img src=x onerror=\\u0061lert(1)>",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "+ADw-script+AD4-alert(1)+ADw-/script+AD4-",
    "＜script＞alert(1)＜/script＞",
    "<img\x0csrc=x\x0conerror=alert(1)>",
]

SVG = [
    "<svg onload=alert(1)>",
    "<svg/onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
]

JAVASCRIPT_URLS = [
    "javascript:alert(1)",
    '<img src="javascript:alert(1)">',
    "<img src=`javascript:alert(1)`>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="data:text/html,%3Cscript%3Ealert(1)%3C/script%3E">x</a>',
]

BROKEN_MARKUP = [
    "<!--<img src=x onerror=alert(1)>-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<img """><script>alert(1)</script>">',
    "<a href='x' <img src=x onerror=alert(1)>",
    "<![CDATA[<script>alert(1)</script>]]>",
    "]]><script>alert(1)</script>",
    '<?xml-stylesheet type="text/xsl" href="javascript:alert(1)"?>',
    '<html xmlns:h="http://www.w3.org/1999/xhtml"><h:script>alert(1)</h:script>',
]

XSS_PAYLOADS = TAGS + ATTRIBUTES + ENCODINGS + SVG + JAVASCRIPT_URLS + BROKEN_MARKUP


def fitting(limit, payloads=XSS_PAYLOADS):
    """The payloads short enough for a field of `limit` characters."""
    return [payload for payload in payloads if len(payload) <= limit]


def packed(limit, payloads=XSS_PAYLOADS):
    """The payloads that fit `limit`, joined by spaces into as few values of at most `limit` as can be."""
    values, current = [], ""
    for payload in fitting(limit, payloads):
        joined = f"{current} {payload}" if current else payload
        if len(joined) <= limit:
            current = joined
        else:
            values.append(current)
            current = payload
    return [*values, current] if current else values


def chunks(size, payloads=XSS_PAYLOADS):
    return [payloads[i : i + size] for i in range(0, len(payloads), size)]
