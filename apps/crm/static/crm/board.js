// The pipeline board's drag and drop (SortableJS, self-hosted): a dropped card is posted to the
// same endpoint as its no-JavaScript form, so the move goes through the same service. On error
// the board is reloaded (the card returns where the server says it is).
(function () {
  "use strict";

  function csrfToken(board) {
    var input = board.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function recount(board) {
    board.querySelectorAll("section[data-status]").forEach(function (column) {
      var count = column.querySelector(".crm-count");
      if (count) count.textContent = column.querySelectorAll(".crm-cards > li").length;
    });
  }

  function move(board, card, status) {
    var body = new URLSearchParams();
    body.append("id", card.dataset.id);
    body.append("status", status);
    return fetch(board.dataset.moveUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken(board) },
      body: body,
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      var select = card.querySelector("select[name=status]");
      if (select) select.value = status;
    });
  }

  function init() {
    var board = document.getElementById("crm-board");
    if (!board || typeof Sortable === "undefined" || !board.querySelector("form.crm-move")) return;
    board.querySelectorAll("form.crm-move button").forEach(function (button) {
      button.hidden = true; // the select still moves the card (below); dragging is the quick way
    });
    board.querySelectorAll("form.crm-move select").forEach(function (select) {
      select.addEventListener("change", function () {
        select.form.submit();
      });
    });
    board.querySelectorAll(".crm-cards").forEach(function (list) {
      Sortable.create(list, {
        group: { name: "board", put: list.dataset.droppable === "1" },
        animation: 150,
        delay: 150,
        delayOnTouchOnly: true,
        filter: "select, button, a, .crm-fixed",
        preventOnFilter: false,
        onEnd: function (event) {
          if (event.from === event.to) return;
          recount(board);
          move(board, event.item, event.to.dataset.status).catch(function () {
            window.alert(board.dataset.error);
            window.location.reload();
          });
        },
      });
    });
  }

  document.addEventListener("DOMContentLoaded", init);
})();
