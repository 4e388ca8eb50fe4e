"""Pages written to attack the web UI: script tags, event handlers, javascript:
URLs and attempts to close a ``<mark>`` early, in article text, comments and
author names. Rendering them must show the text and run nothing."""

PAYLOADS = (
    "<script>alert('xss-script')</script>",
    "<img src=x onerror=alert('xss-img')>",
    "</mark><script>alert('xss-mark')</script><mark>",
    "<a href=\"javascript:alert('xss-link')\">click</a>",
    "\"><svg onload=alert('xss-svg')>",
)

XSS_PAGE = """Skip to content

Hostile Herald
News the sanitizers won't show you

Home
World
Opinion

Minister Says <script>alert('xss-script')</script> Is The Future

Posted on March 29, 2020 by editor

The Foreign Ministry said on Friday that "<img src=x onerror=alert('xss-img')> sanctions are a crime against humanity" and that 4,000 people in Damascus were affected.

According to the spokesman, "</mark><script>alert('xss-mark')</script><mark> the West is lying about everything," and Washington must answer for it.

Officials in Moscow claimed that <a href="javascript:alert('xss-link')">click</a> the convoy was attacked by terrorists near Aleppo.

4 thoughts on "Minister Says It Is The Future"

<img src=x onerror=alert('xss-author')> says:
March 29, 2020 at 5:12 pm

These people are vermin "><svg onload=alert('xss-svg')> and liars, all of them.

Reply

</mark><b onmouseover=alert('xss-b')>Boris</b> says:
March 29, 2020 at 6:40 pm

The ministry said the truth <script>alert('xss-comment')</script> as always.

Reply
"""
