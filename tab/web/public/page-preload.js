// The code of the page the URL opens (`#/<page>...`), fetched while the shell's own code loads: the list
// of each page's chunks is written into index.html by the build (tab/vite.config.mts, #page-chunks).
(function () {
  var list = document.getElementById('page-chunks');
  if (!list) return;
  try {
    var chunks = JSON.parse(list.textContent || '{}');
    var page = location.hash.replace(/^#?\/?/, '').split(/[/?]/)[0] || 'overview';
    var files = Object.prototype.hasOwnProperty.call(chunks, page) ? chunks[page] : [];
    for (var i = 0; i < files.length; i++) {
      var link = document.createElement('link');
      link.rel = 'modulepreload';
      link.crossOrigin = '';
      link.href = files[i];
      document.head.appendChild(link);
    }
  } catch (e) {
    // Only a head start: the shell loads the page's code itself.
  }
})();
