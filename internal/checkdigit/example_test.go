package checkdigit_test

import (
	"errors"
	"fmt"

	"github.com/quarrydev/quarry/internal/checkdigit"
)

func ExampleIBAN() {
	for _, s := range []string{"GB82WEST12345698765432", "GB82WEST12345698765433", "GB82WEST1234569876543"} {
		switch err := checkdigit.IBAN(s); {
		case err == nil:
			fmt.Println(s, "valid")
		case errors.Is(err, checkdigit.ErrLength):
			n, _ := checkdigit.IBANLength(s[:2])
			fmt.Println(s, "needs", n, "characters")
		default:
			fmt.Println(s, err)
		}
	}
	// Output:
	// GB82WEST12345698765432 valid
	// GB82WEST12345698765433 checkdigit: check digit does not match
	// GB82WEST1234569876543 needs 22 characters
}

func ExampleLuhnDigit() {
	body := "411111111111111"
	full := body + string(checkdigit.LuhnDigit(body))
	fmt.Println(full, checkdigit.Luhn(full))
	// Output: 4111111111111111 true
}
