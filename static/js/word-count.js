// Live word count for Section 1 (the guidance caps it at 1,000 words). The server counts too.
(function () {
  var form = document.querySelector("form[data-word-limit]");
  if (!form) return;
  var limit = parseInt(form.getAttribute("data-word-limit"), 10);
  var output = form.querySelector("[data-word-count]");
  var fields = form.querySelectorAll(".section-one textarea");
  function count() {
    var words = 0;
    fields.forEach(function (field) {
      var text = field.value.trim();
      if (text) words += text.split(/\s+/).length;
    });
    output.textContent = words;
    output.parentElement.classList.toggle("over-limit", words > limit);
  }
  fields.forEach(function (field) { field.addEventListener("input", count); });
  count();
})();
