"""Pages as replay tools serve them, built from the tools' published markup.

The inserts below follow what the Wayback Machine and pywb emit (as seen in
pages saved from web.archive.org and in pywb's ``head_insert.html``
template): the 2020s Wayback head include (``bundle-playback.js``,
``wombat.js``, ``__wm.init``/``__wm.wombat``, banner stylesheets, ending in
``End Wayback Rewrite JS Include``), its toolbar between ``BEGIN/END WAYBACK
TOOLBAR INSERT`` with ``wm-ipp-base``, ``wm-ipp-print`` and ``__wm.bt``, the
2010s toolbar (``var __wm``, ``wbCurrentUrl``, the ``wm-ipp`` table with
capture counts and navigation), the closing ``FILE ARCHIVED ON`` and
``playback timings`` comments, and pywb's ``WB Insert`` with ``wbinfo``. Links
are rewritten the way the tools rewrite them.
"""

from __future__ import annotations

import datetime as dt
import re

MODERN_HEAD = """<script src="//archive.org/includes/athena.js" type="text/javascript"></script>
<script type="text/javascript">window.addEventListener('DOMContentLoaded',function(){{var v=archive_analytics.values;v.service='wb';v.server_name='wwwb-app220.us.archive.org';v.server_ms=412;archive_analytics.send_pageview({{}});}});</script>
<script type="text/javascript" src="https://web-static.archive.org/_static/js/bundle-playback.js?v=Hk4-lkW3" charset="utf-8"></script>
<script type="text/javascript" src="https://web-static.archive.org/_static/js/wombat.js?v=txqj7nKC" charset="utf-8"></script>
<script>window.RufflePlayer=window.RufflePlayer||{{}};window.RufflePlayer.config={{"autoplay":"on","unmuteOverlay":"hidden"}};</script>
<script type="text/javascript" src="https://web-static.archive.org/_static/js/ruffle/ruffle.js"></script>
<script type="text/javascript">
    __wm.init("https://web.archive.org/web");
  __wm.wombat("{url}","{ts}","https://web.archive.org/","web","https://web-static.archive.org/_static/",
        "{epoch}");
</script>
<link rel="stylesheet" type="text/css" href="https://web-static.archive.org/_static/css/banner-styles.css?v=1utQkbB3">
<link rel="stylesheet" type="text/css" href="https://web-static.archive.org/_static/css/iconochive.css?v=3PDvdIFv">
<!-- End Wayback Rewrite JS Include -->
"""

MODERN_TOOLBAR = """<!-- BEGIN WAYBACK TOOLBAR INSERT -->
<script>__wm.rw(0);</script>
<div id="wm-ipp-base" lang="en" style="display: block; direction: ltr;">
</div><div id="wm-ipp-print">The Wayback Machine - https://web.archive.org/web/{ts}/{url}</div>
<script type="text/javascript">//<![CDATA[
__wm.bt(700,27,25,2,"web","{url}","{ts}",1996,"/_static/",["/_static/css/banner-styles.css?v=S1zqJCYt","/_static/css/iconochive.css?v=qtvMKcIJ"], false);
  __wm.rw(1);
//]]></script>
<!-- END WAYBACK TOOLBAR INSERT -->
"""

OLD_TOOLBAR = """<!-- BEGIN WAYBACK TOOLBAR INSERT -->
<script type="text/javascript" src="/static/js/disclaim-element.js" ></script>
<script type="text/javascript" src="/static/js/graph-calc.js" ></script>
<script type="text/javascript">//<![CDATA[
var __wm = (function(imgWidth,imgHeight,yearImgWidth,monthImgWidth){{
var wbPrefix = "/web/";
var wbCurrentUrl = "{url}";
var firstYear = 1996;
function hideToolbar() {{
  $("wm-ipp").style.display="none";
}}
return{{h:hideToolbar}};
}})(550, 27, 25, 2);//]]>
</script>
<style type="text/css">
body {{
  margin-top:0 !important;
  padding-top:0 !important;
}}
</style>
<div id="wm-ipp" lang="en" style="display:none;">
<div style="position:fixed;left:0;top:0;width:100%!important">
<div id="wm-ipp-inside">
   <table style="width:100%;"><tbody><tr>
   <td id="wm-logo">
       <a href="/web/" title="Wayback Machine home page"><img src="/static/images/toolbar/wayback-toolbar-logo.png" alt="Wayback Machine" width="110" height="39" border="0" /></a>
   </td>
   <td class="c">
       <form target="_top" method="get" action="/web/form-submit.jsp" name="wmtb" id="wmtb"><input type="text" name="url" id="wmtbURL" value="{url}" style="width:400px;" /><input type="hidden" name="type" value="replay" /><input type="hidden" name="date" value="{ts}" /><input type="submit" value="Go" /></form>
       <table><tbody>
       <tr class="m"><td class="b" nowrap="nowrap"><a href="/web/20120624051403/{url}" title="24 Jun 2012">JUN</a></td>
       <td class="c" id="displayMonthEl" title="You are here: {pretty}">MAR</td><td class="f" nowrap="nowrap">Apr</td></tr>
       </tbody></table>
       <a class="t" href="/web/{ts}*/{url}" title="See a list of every capture for this URL">11 captures</a>
       <div class="r" title="Timespan for captures of this URL">16 Jul 10 - 22 Mar 15</div>
   </td>
   <td class="r">
       <a href="#close" onclick="__wm.h();return false;" title="Close the toolbar">Close</a>
       <a href="http://faq.web.archive.org/" title="Get some help using the Wayback Machine">Help</a>
   </td>
   </tr></tbody></table>
</div>
</div>
</div>
<script type="text/javascript">__wm.bt();</script>
<!-- END WAYBACK TOOLBAR INSERT -->
"""

CLOSING = """
<!--
     FILE ARCHIVED ON {pretty} AND RETRIEVED FROM THE
     INTERNET ARCHIVE ON 10:43:58 Oct 07, 2026.
     JAVASCRIPT APPENDED BY WAYBACK MACHINE, COPYRIGHT INTERNET ARCHIVE.

     ALL OTHER CONTENT MAY ALSO BE PROTECTED BY COPYRIGHT (17 U.S.C.
     SECTION 108(a)(3)).
-->
<!--
playback timings (ms):
  captures_list: 0.483
  exclusion.robots: 0.02
  cdx.remote: 31.747
  LoadShardBlock: 92.69 (3)
  load_resource: 193.602
-->"""

PYWB_HEAD = """
<!-- WB Insert -->
<script>
  wbinfo = {{}};
  wbinfo.top_url = "{prefix}{ts}/{url}";
  wbinfo.url = "{url}";
  wbinfo.timestamp = "{ts}";
  wbinfo.request_ts = "{ts}";
  wbinfo.prefix = decodeURI("{prefix}");
  wbinfo.mod = "mp_";
  wbinfo.is_framed = false;
  wbinfo.is_live = false;
  wbinfo.coll = "setimes";
  wbinfo.proxy_magic = "";
  wbinfo.static_prefix = "http://localhost:8080/static/";
  wbinfo.enable_auto_fetch = false;
  wbinfo.target_frame = "___wb_replay_top_frame";
</script>
<script src='http://localhost:8080/static/wombat.js'> </script>
<script>
  wbinfo.wombat_ts = "{ts}";
  wbinfo.wombat_sec = "{epoch}";
  wbinfo.wombat_scheme = "http";
  wbinfo.wombat_host = "setimes.com";
  wbinfo.wombat_opts = {{}};
  if (window && window._WBWombatInit) {{
    window._WBWombatInit(wbinfo);
  }}
</script>
<!-- End WB Insert -->
"""

#: Text of the inserts a reader would see if it leaked into a body.
TOOLBAR_TEXT = (
    "Wayback Machine",
    "captures",
    "Close the toolbar",
    "FILE ARCHIVED",
    "wm-ipp",
    "__wm",
    "wbinfo",
    "JUN",
    "Timespan",
)

_ATTRIBUTE_URL = re.compile(
    r"""(\b(?:href|src|content|action)=["'])(?P<url>(?:https?:)?//[^"']+|/[^"']*)"""
)


def wayback_page(page: str, url: str, ts: str, *, era: str = "modern") -> str:
    """``page`` as the Wayback Machine replays it at timestamp ``ts`` (14 digits)."""
    facts = _facts(url, ts)
    page = _rewrite(page, url, lambda link, mod: f"{_wayback_host(mod)}/web/{ts}{mod}/{link}")
    if era == "modern":
        page = _after_tag(page, "head", MODERN_HEAD.format(**facts))
        page = _after_tag(page, "body", MODERN_TOOLBAR.format(**facts))
    else:
        page = _after_tag(page, "body", OLD_TOOLBAR.format(**facts))
    return page + CLOSING.format(**facts)


def pywb_page(page: str, url: str, ts: str, prefix: str = "http://localhost:8080/setimes/") -> str:
    """``page`` as pywb replays it from collection ``prefix``."""
    facts = _facts(url, ts) | {"prefix": prefix}
    page = _rewrite(page, url, lambda link, mod: f"{prefix}{ts}{mod}/{link}")
    return _after_tag(page, "head", PYWB_HEAD.format(**facts))


def _facts(url: str, ts: str) -> dict[str, str]:
    when = dt.datetime.strptime(ts, "%Y%m%d%H%M%S").replace(tzinfo=dt.UTC)
    pretty = f"{when:%H:%M:%S} {when:%b} {when.day:02d}, {when.year}"
    return {"url": url, "ts": ts, "epoch": str(int(when.timestamp())), "pretty": pretty}


def _wayback_host(mod: str) -> str:
    # the replay writes page links root-relative and embeds absolute
    return "https://web.archive.org" if mod else ""


def _rewrite(page: str, base: str, rewrite) -> str:
    """Every absolute or root-relative link in an attribute, rewritten into the archive."""
    site = re.match(r"^(https?://[^/]+)", base)[1]

    def one(match: re.Match[str]) -> str:
        link = match["url"]
        if link.startswith("//"):
            link = "http:" + link
        elif link.startswith("/"):
            link = site + link
        mod = "im_" if re.search(r"\.(?:png|jpe?g|gif)$", link, re.I) else ""
        mod = "cs_" if link.endswith(".css") else "js_" if link.endswith(".js") else mod
        return match[1] + rewrite(link, mod)

    return _ATTRIBUTE_URL.sub(one, page)


def _after_tag(page: str, tag: str, insert: str) -> str:
    match = re.search(rf"<{tag}\b[^>]*>", page, re.IGNORECASE)
    assert match is not None, f"no <{tag}> in the page"
    return page[: match.end()] + "\n" + insert + page[match.end() :]
