/* The part of jQuery UI's tabs widget that modeltranslation's tabbed_translation_fields.js uses,
   so the language tabs work without loading jQuery UI from a CDN (the admin's CSP is self-only).
   Supports: $(el).tabs({active: n}), $(el).tabs("option", "active", n) and the "tabsactivate"
   event with ui.newTab. The classes are jQuery UI's, which Unfold already styles. */
(function () {
  "use strict";
  var $ = window.jQuery || (window.django && window.django.jQuery);
  if (!$ || $.fn.tabs) {
    return;
  }

  function activate($container, index, silent) {
    var $items = $container.children("ul").first().children("li");
    var $panels = $container.children("div");
    if (index < 0 || index >= $items.length) {
      index = 0;
    }
    $items.removeClass("ui-tabs-active ui-state-active").attr("aria-selected", "false").attr("tabindex", "-1");
    $panels.addClass("ui-tabs-hide").attr("hidden", "hidden");
    var $tab = $items.eq(index).addClass("ui-tabs-active ui-state-active").attr("aria-selected", "true").attr("tabindex", "0");
    var target = $tab.children("a").attr("href") || "";
    $panels.filter(function () { return "#" + this.id === target; }).removeClass("ui-tabs-hide").removeAttr("hidden");
    $container.data("mt-tabs-active", index);
    if (!silent) {
      $container.trigger("tabsactivate", [{ newTab: $tab }]);
    }
  }

  $.fn.tabs = function (options, key, value) {
    if (options === "option") {
      if (key === "active" && value !== undefined) {
        return this.each(function () { activate($(this), value, false); });
      }
      return this.first().data("mt-tabs-active");
    }
    var settings = $.extend({ active: 0 }, options || {});
    return this.each(function () {
      var $container = $(this).addClass("ui-tabs ui-widget");
      var $list = $container.children("ul").first().addClass("ui-tabs-nav").attr("role", "tablist");
      $container.children("div").addClass("ui-tabs-panel").attr("role", "tabpanel");
      $list.children("li").addClass("ui-tabs-tab ui-state-default").attr("role", "tab").each(function (index) {
        $(this).children("a").addClass("ui-tabs-anchor").on("click", function (event) {
          event.preventDefault();
          activate($container, index, false);
        });
      });
      activate($container, settings.active || 0, true);
    });
  };
})();
