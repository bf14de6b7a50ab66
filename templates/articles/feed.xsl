<?xml version="1.0" encoding="utf-8"?>{% load i18n static %}{% get_current_language as LANGUAGE_CODE %}
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform" xmlns:atom="http://www.w3.org/2005/Atom">
  <xsl:output method="html" encoding="utf-8"/>
  <xsl:template match="/">
    <xsl:variable name="title" select="rss/channel/title | atom:feed/atom:title"/>
    <html lang="{% if LANGUAGE_CODE|slice:':2' == 'en' %}en{% else %}zh-Hans{% endif %}">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/></title>
        <link rel="stylesheet" href="{% static 'css/site.css' %}"/>
      </head>
      <body>
        <div class="wrap">
          <main id="main">
            <p class="feed-note">{% translate "This is a feed: copy its address into a feed reader to follow the newest articles." %} <a href="{% url 'articles:feeds' %}">{% translate "All feeds" %}</a></p>
            <h1><xsl:value-of select="$title"/></h1>
            <ul class="article-list">
              <xsl:for-each select="rss/channel/item | atom:feed/atom:entry">
                <li>
                  <h2 class="teaser-title"><a href="{{ '{' }}link | atom:link/@href{{ '}' }}"><xsl:value-of select="title | atom:title"/></a></h2>
                  <p class="teaser-summary"><xsl:value-of select="description | atom:summary"/></p>
                </li>
              </xsl:for-each>
            </ul>
          </main>
        </div>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
