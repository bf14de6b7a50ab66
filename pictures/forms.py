from django import forms

from .models import Image


class ImageAdminForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose the fields
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
            "focal_y": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
        }
