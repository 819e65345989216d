package split

import "testing"

func TestReadPageNumber(t *testing.T) {
	t.Parallel()
	cases := []struct {
		lines []ln
		want  pageNumber
	}{
		{[]ln{{0.5, "Some text"}, {0.96, "Page 2 of 3"}}, pageNumber{2, 3}},
		{[]ln{{0.02, "Seite 1 von 2"}}, pageNumber{1, 2}},
		{[]ln{{0.97, "Sayfa 1/3"}}, pageNumber{1, 3}},
		{[]ln{{0.97, "Página 2 de 5"}}, pageNumber{2, 5}},
		{[]ln{{0.97, "page 4 sur 4"}}, pageNumber{4, 4}},
		{[]ln{{0.03, "Rechnung 4711 - S. 2"}}, pageNumber{2, 0}},
		{[]ln{{0.97, "Sayfa No: 3"}}, pageNumber{3, 0}},
		{[]ln{{0.97, "- 7 -"}}, pageNumber{7, 0}},
		{[]ln{{0.02, "2 / 4"}}, pageNumber{2, 4}},
		// The footer's numbering wins over a page cited in the text.
		{[]ln{{0.4, "details on page 9"}, {0.96, "Page 2 of 3"}}, pageNumber{2, 3}},
		// Not page numbers: dates, quantities, bare fractions in the body.
		{[]ln{{0.2, "Invoice date 1/3/2024"}}, pageNumber{}},
		{[]ln{{0.5, "2 / 3"}}, pageNumber{}},
		{[]ln{{0.5, "Delivered 2 of 3 items"}}, pageNumber{}},
		{[]ln{{0.97, "Page 5 of 3"}}, pageNumber{}},
		{[]ln{{0.97, "Total 12 p 100"}}, pageNumber{}},
	}
	for _, c := range cases {
		l := a4(c.lines)
		if got := readPageNumber(l, &l.Pages[0]); got != c.want {
			t.Errorf("%v: got %+v, want %+v", c.lines, got, c.want)
		}
	}
}

func TestLineTitle(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"INVOICE":                          "invoice",
		"Tax Invoice No. 12":               "tax invoice",
		"Original - Receipt":               "receipt",
		"e-Arşiv Fatura":                   "e arsiv fatura",
		"Please pay the invoice by Friday": "",
		"Total amount of the invoice":      "",
	}
	for in, want := range cases {
		toks := tokensOf(in)
		if got := lineTitle(toks); got != want {
			t.Errorf("%q: title %q, want %q", in, got, want)
		}
	}
}
