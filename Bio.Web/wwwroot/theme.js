// The theme a person chose (auto, light or dark), set before the page is drawn so it never flashes.
document.documentElement.dataset.theme = localStorage.getItem("bio-theme") || "auto";
